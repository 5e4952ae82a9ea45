import { readFile } from 'node:fs/promises';

/** The public evaluation data beside the project (see ../shared/eval/README.md). */
export const evalDir = new URL('../../shared/eval/', import.meta.url);

export async function readJsonl<T>(relativePath: string): Promise<T[]> {
  const text = await readFile(new URL(relativePath, evalDir), 'utf8');
  return text.split('\n').filter((line) => line.trim().length > 0).map((line) => JSON.parse(line) as T);
}

/** CNN/DailyMail articles as title + text (the first sentence stands in for a title). */
export async function loadEvalArticles(): Promise<Array<{ title: string; text: string }>> {
  const rows = await readJsonl<{ article: string }>('cnndm/dev.jsonl');
  return rows.map((row) => {
    const text = row.article;
    return { title: text.slice(0, 90).replace(/\s+\S*$/, ''), text };
  });
}
