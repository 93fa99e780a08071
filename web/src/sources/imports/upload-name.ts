/**
 * A file name the API takes (letters, digits, space and `._()-`, ending in `.csv`), unique among
 * `taken`. The same replacements on both files keep a `X.csv` + `X-messages.csv` pair paired.
 */
export function uploadName(original: string, taken: Set<string>): string {
  const stem = original
    .replace(/\.csv$/i, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ._()-]/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 180);
  const base = stem === '' ? 'file' : stem;
  let name = `${base}.csv`;
  for (let n = 2; taken.has(name); n++) name = `${base} (${n}).csv`;
  taken.add(name);
  return name;
}
