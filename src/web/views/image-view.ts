import type { Image, LeadImage } from '../../content/article.ts';
import { renditionFileName, widthsFor, type RenditionFormat } from '../../content/image-renditions.ts';
import type { ImageView, LeadImageView } from './view-models.ts';

function srcset(image: Image, format: RenditionFormat): string {
  return widthsFor(image.width)
    .map((width) => `/media/${renditionFileName(image.key, width, format)} ${width}w`)
    .join(', ');
}

export function toImageView(image: Image): ImageView {
  const widths = widthsFor(image.width);
  const fallbackWidth = widths.find((width) => width >= 800) ?? widths[widths.length - 1] ?? image.width;
  return {
    src: `/media/${renditionFileName(image.key, fallbackWidth, 'jpeg')}`,
    srcsetAvif: srcset(image, 'avif'),
    srcsetWebp: srcset(image, 'webp'),
    srcsetJpeg: srcset(image, 'jpeg'),
    width: image.width,
    height: image.height,
    alt: image.alt,
  };
}

export function toLeadImageView(lead: LeadImage): LeadImageView {
  return { ...toImageView(lead.image), caption: lead.caption, credit: lead.credit };
}

/** Every JPEG rendition, narrowest first, with its size (renditions keep the original's proportions). */
export function jpegRenditionsOf(image: Image): { path: string; width: number; height: number }[] {
  return widthsFor(image.width).map((width) => ({
    path: `/media/${renditionFileName(image.key, width, 'jpeg')}`,
    width,
    height: Math.round((width * image.height) / image.width),
  }));
}

/** The largest JPEG, for social cards and structured data, which want one absolute URL. */
export function largestJpegPath(image: Image): string {
  const widths = widthsFor(image.width);
  return `/media/${renditionFileName(image.key, widths[widths.length - 1] ?? image.width, 'jpeg')}`;
}
