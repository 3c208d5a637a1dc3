const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in lower case, as ids are stored and answered; anything else as typed. */
export function sameCaseAsStored(value: string): string {
  return UUID.test(value) ? value.toLowerCase() : value;
}
