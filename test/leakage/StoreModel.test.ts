import { describe, expect, it } from 'vitest';
import { StoreModel } from '../../src/leakage/StoreModel.js';

describe('StoreModel (exact model with unknown outcomes)', () => {
  it('flags a lost write and a stale read', () => {
    const m = new StoreModel();
    m.put(0, 'k', 'v1', true);
    expect(m.checkGet(0, 'k', null).status).toBe('inconsistent');
    m.put(0, 'k', 'v2', true);
    expect(m.checkGet(0, 'k', 'v1').status).toBe('inconsistent');
    expect(m.checkGet(0, 'k', 'v2').status).toBe('consistent');
  });
  it('treats an unknown outcome as either, and collapses on the next read', () => {
    const m = new StoreModel();
    m.put(0, 'k', 'v1', true);
    m.put(0, 'k', 'v2', false);
    expect(m.checkGet(0, 'k', 'v1').status).toBe('consistent');
    expect(m.checkGet(0, 'k', 'v2').status).toBe('inconsistent');
  });
  it('keeps tenants apart and checks lists both ways', () => {
    const m = new StoreModel();
    m.put(0, 'k', 'a', true);
    m.put(1, 'k', 'b', true);
    expect(m.checkList(0, [['k', 'a']]).status).toBe('consistent');
    expect(m.checkList(1, [['k', 'b'], ['x', 'y']]).status).toBe('inconsistent');
    expect(m.checkList(1, []).status).toBe('inconsistent');
  });
  it('allows an unknown append to be there or not, but nothing never appended', () => {
    const m = new StoreModel();
    m.append(0, 's', 'e1', true);
    m.append(0, 's', 'e2', false);
    expect(m.checkRange(0, 's', ['e1']).status).toBe('consistent');
    m.append(0, 's', 'e3', false);
    expect(m.checkRange(0, 's', ['e1', 'zz']).status).toBe('inconsistent');
  });
});
