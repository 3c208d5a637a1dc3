import { describe, expect, it } from 'vitest';
import {
  addDecimal,
  canonicalDecimal,
  compareDecimal,
  fromScaled,
  isWholeQuantity,
  subtractDecimal,
  toScaled,
  wholeUnitsOf,
} from './decimal.js';

describe('exact decimals', () => {
  it('adds and subtracts without binary rounding', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(subtractDecimal('10', '0.000000000000000000000000001')).toBe('9.999999999999999999999999999');
    expect(subtractDecimal('1', '3')).toBe('-2');
  });
  it('canonicalises and compares', () => {
    expect(canonicalDecimal('010.500')).toBe('10.5');
    expect(canonicalDecimal('.5')).toBe('0.5');
    expect(compareDecimal('2', '10')).toBe(-1);
    expect(compareDecimal('10.0', '10')).toBe(0);
  });
  it('tells whole quantities and whole units', () => {
    expect(isWholeQuantity('10')).toBe(true);
    expect(isWholeQuantity('10.000')).toBe(true);
    expect(isWholeQuantity('10.25')).toBe(false);
    expect(wholeUnitsOf('7.9')).toBe('7');
    expect(wholeUnitsOf('0.3')).toBe('0');
  });
  it('gives canonical text back unchanged and everything else the same as the exact round trip', () => {
    const samples = [
      '0',
      '-0',
      '-0.0',
      '7',
      '-7',
      '10.5',
      '-0.5',
      '0.50',
      '00',
      '12.340',
      '-012',
      '0.000000000000000000000000001',
    ];
    for (const value of samples) expect(canonicalDecimal(value)).toBe(fromScaled(toScaled(value)));
    expect(canonicalDecimal('-0')).toBe('0');
    expect(() => canonicalDecimal(`0.${'1'.repeat(28)}`)).toThrow(RangeError);
  });
  it('refuses text that is not a decimal', () => {
    expect(() => canonicalDecimal('1e3')).toThrow(RangeError);
    expect(() => canonicalDecimal('')).toThrow(RangeError);
  });
});
