// Ids for contacts written in bulk: UUID version 7 (RFC 9562), the time in milliseconds first and a
// counter within the millisecond (method 1), then random bits. Each id sorts after the one before, so
// a bulk insert adds to the right edge of the primary key (and of contacts_list_idx, which ends in the
// id) instead of touching a random page of it per row: on PostgreSQL a 300,000-row insert into contacts
// took 17 s instead of 31 s (docs/BENCHMARKS.md, "Import"). The id reveals when it was made, as
// created_at does anyway.
import { randomUUID } from 'node:crypto';

let lastMs = 0;
let counter = 0;

export function orderedUuid(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (counter < 0xfff) {
    counter += 1;
  } else {
    // 4,096 ids in one millisecond: borrow the next one, so the order still holds.
    lastMs += 1;
    counter = 0;
  }
  const time = lastMs.toString(16).padStart(12, '0');
  // randomUUID's last 17 characters: the variant (10xx) and random bits.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${counter.toString(16).padStart(3, '0')}-${randomUUID().slice(19)}`;
}
