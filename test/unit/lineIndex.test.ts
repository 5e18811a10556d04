import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/core/lineIndex';

describe('LineIndex', () => {
  it('converts offsets and positions both ways', () => {
    const li = new LineIndex('ab\r\nNghị quyết\n\nx');
    assert.deepEqual(li.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(li.positionAt(4), { line: 1, character: 0 });
    assert.deepEqual(li.positionAt(8), { line: 1, character: 4 });
    assert.equal(li.lineText(1), 'Nghị quyết');
    assert.equal(li.lineText(0), 'ab');
    assert.equal(li.offsetAt({ line: 3, character: 0 }), 16);
    assert.equal(li.offsetAt({ line: 1, character: 99 }), 14);
    assert.equal(li.offsetAt({ line: 0, character: 99 }), 2, 'not inside the \\r\\n');
  });

  it('counts a lone \\r as a line break, as LSP does', () => {
    const li = new LineIndex('a\rb\r\nc');
    assert.deepEqual(li.positionAt(2), { line: 1, character: 0 });
    assert.deepEqual(li.positionAt(5), { line: 2, character: 0 });
    assert.equal(li.lineText(1), 'b');
    assert.equal(li.lineCount, 3);
  });

  it('round-trips every offset (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const li = new LineIndex(s);
        for (let o = 0; o <= s.length; o++) if (li.offsetAt(li.positionAt(o)) !== o) return false;
        return true;
      }),
    );
  });
});
