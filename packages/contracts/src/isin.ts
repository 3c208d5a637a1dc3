const ISIN_SHAPE = /^[A-Z]{2}[A-Z0-9]{9}[0-9]$/;

/** Luhn check digit over the ISIN body with letters expanded to 10..35. */
export function isinCheckDigit(body11: string): number {
  let digits = '';
  for (const ch of body11) {
    const code = ch.charCodeAt(0);
    digits += code >= 65 && code <= 90 ? String(code - 55) : ch;
  }
  let sum = 0;
  // Rightmost digit of the expanded body is doubled (the check digit would sit to its right).
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isIsinShape(value: string): boolean {
  return ISIN_SHAPE.test(value);
}

export function isValidIsin(value: string): boolean {
  return isIsinShape(value) && isinCheckDigit(value.slice(0, 11)) === Number(value[11]);
}
