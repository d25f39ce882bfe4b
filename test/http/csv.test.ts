// The owner's CSV cells, as a spreadsheet in the shop's language reads them.
import { describe, expect, it } from 'vitest';
import { csv, dialectOf } from '../../src/http/owner/csv.js';

describe('csv', () => {
  const rows = [['Regenjas; fietstas', 33.3, 12, null, '=1+1', '-3', 'zei "top"']];

  it('writes a Dutch shop\'s file as Excel in a Dutch region opens it: ";" between cells, a decimal comma', () => {
    expect(csv(['a', 'b', 'c', 'd', 'e', 'f', 'g'], rows, dialectOf('nl'))).toBe(
      'a;b;c;d;e;f;g\r\n"Regenjas; fietstas";33,3;12;;\'=1+1;\'-3;"zei ""top"""\r\n',
    );
  });

  it("writes an English shop's with commas and a decimal point, quoting a cell with either separator", () => {
    expect(csv(['a', 'b'], [['x, y', 33.3], ['x; y', -0.5]], dialectOf('en'))).toBe('a,b\r\n"x, y",33.3\r\n"x; y",-0.5\r\n');
  });
});
