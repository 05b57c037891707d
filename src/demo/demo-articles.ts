import { businessArticles } from './articles/business.ts';
import { cultureArticles } from './articles/culture.ts';
import { politicsArticles } from './articles/politics.ts';
import { scienceArticles } from './articles/science.ts';
import { worldArticles } from './articles/world.ts';
import type { DemoArticle } from './demo-article.ts';

export const demoArticles: readonly DemoArticle[] = [...worldArticles, ...politicsArticles, ...businessArticles, ...scienceArticles, ...cultureArticles];
