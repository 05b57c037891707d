import path from 'node:path';

/**
 * The publisher's logo that structured data names (schema.org wants an image search engines can
 * fetch, and Google takes raster formats): the theme's mark, its favicon.svg, drawn as a square PNG.
 * A publication changes it by changing its theme's mark.
 */
export const publisherLogo = { path: '/publisher-logo.png', width: 512, height: 512 } as const;

export async function renderPublisherLogo(themeAssetsDir: string): Promise<Buffer> {
  // Loaded on first use, as for every image: the library holds tens of megabytes.
  const { default: sharp } = await import('sharp');
  // The mark is a vector: drawn at a density high enough that the square needs no upscaling.
  return sharp(path.join(themeAssetsDir, 'favicon.svg'), { density: 600 })
    .resize(publisherLogo.width, publisherLogo.height, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer();
}
