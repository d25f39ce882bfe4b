// What a screen reader is told of a page's form fields, read from the HTML the server sends (no browser needed).

const text = (html: string): string =>
  html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim();

/** The page's title, as a tab and a screen reader say it. */
export const titleOf = (page: string): string => text(/<title>([\s\S]*?)<\/title>/.exec(page)![1]!);

/**
 * The field named `name`: whether it is marked invalid and has the focus when the page opens (autofocus), and the text
 * of the elements its aria-describedby names (each id found once, else an error: a description that resolves to
 * nothing is read as nothing).
 */
export function fieldOf(page: string, name: string): { invalid: boolean; autofocus: boolean; described: string[]; style: string } {
  const tags = page.match(new RegExp(`<(?:input|textarea)\\b[^>]*\\sname="${name}"[^>]*>`, 'g')) ?? [];
  if (tags.length !== 1) throw new Error(`${tags.length} fields named ${name}`);
  const tag = tags[0]!;
  const attr = (a: string) => new RegExp(`\\s${a}(?:="([^"]*)")?(?=[\\s>])`).exec(tag);
  const ids = attr('aria-describedby')?.[1]?.split(/\s+/).filter(Boolean) ?? [];
  const described = ids.map((id) => {
    const found = [...page.matchAll(new RegExp(`<(\\w+)\\b[^>]*\\sid="${id}"[^>]*>([\\s\\S]*?)</\\1>`, 'g'))];
    if (found.length !== 1) throw new Error(`aria-describedby of ${name}: ${found.length} elements with id ${id}`);
    return text(found[0]![2]!);
  });
  return { invalid: attr('aria-invalid')?.[1] === 'true', autofocus: attr('autofocus') !== null, described, style: attr('style')?.[1] ?? '' };
}

/** The names of the fields that have the focus when the page opens: at most one may. */
export const autofocused = (page: string): string[] =>
  [...page.matchAll(/<(?:input|textarea)\b[^>]*>/g)].filter((m) => /\sautofocus(?=[\s>=])/.test(m[0])).map((m) => /\sname="([^"]*)"/.exec(m[0])?.[1] ?? '?');
