// The duplicate check's memory: every key of a file with the row that had it first. A Map of strings
// costs ~100 bytes a key (a million-row file: ~100 MB that lives until the check ends); here the keys'
// UTF-8 bytes sit end to end in one buffer and an open-addressing table of 32-bit hashes points at
// them, ~30 bytes a key. Equal hashes are compared byte for byte, so the answer is exact.

const EMPTY = -1;

export class KeySet {
  #bytes = Buffer.alloc(1 << 16);
  #used = 0;
  /** Per key: where its bytes start (the next key's start is where they end), its hash, its row. */
  #starts = new Uint32Array(1 << 10);
  #hashes = new Uint32Array(1 << 10);
  #rows = new Int32Array(1 << 10);
  #size = 0;
  /** Slots of the hash table: a key's index, or EMPTY. Kept at most half full. */
  #slots = new Int32Array(1 << 11).fill(EMPTY);

  /** The row that first had the key; or records `row` as that row and returns undefined. */
  firstRowOrAdd(key: string, row: number): number | undefined {
    const start = this.#used;
    this.#reserve(key.length * 3);
    const length = this.#bytes.write(key, start, 'utf8');
    const hash = hashBytes(this.#bytes, start, start + length);
    const mask = this.#slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const index = this.#slots[slot] as number;
      if (index === EMPTY) {
        this.#append(slot, hash, start, length, row);
        return undefined;
      }
      if (this.#hashes[index] === hash && this.#sameBytes(index, start, length)) return this.#rows[index];
    }
  }

  get size(): number {
    return this.#size;
  }

  #sameBytes(index: number, start: number, length: number): boolean {
    const from = this.#starts[index] as number;
    const to = index + 1 < this.#size ? (this.#starts[index + 1] as number) : this.#used;
    return to - from === length && this.#bytes.compare(this.#bytes, start, start + length, from, to) === 0;
  }

  #append(slot: number, hash: number, start: number, length: number, row: number): void {
    if (this.#size === this.#starts.length) {
      this.#starts = grow(this.#starts, new Uint32Array(this.#size * 2));
      this.#hashes = grow(this.#hashes, new Uint32Array(this.#size * 2));
      this.#rows = grow(this.#rows, new Int32Array(this.#size * 2));
    }
    this.#slots[slot] = this.#size;
    this.#starts[this.#size] = start;
    this.#hashes[this.#size] = hash;
    this.#rows[this.#size] = row;
    this.#size += 1;
    this.#used = start + length;
    if (this.#size * 2 > this.#slots.length) this.#rehash();
  }

  #reserve(bytes: number): void {
    if (this.#used + bytes <= this.#bytes.length) return;
    const grown = Buffer.alloc(Math.max(this.#bytes.length * 2, this.#used + bytes));
    this.#bytes.copy(grown, 0, 0, this.#used);
    this.#bytes = grown;
  }

  #rehash(): void {
    const slots = new Int32Array(this.#slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let index = 0; index < this.#size; index += 1) {
      let slot = (this.#hashes[index] as number) & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = index;
    }
    this.#slots = slots;
  }
}

function grow<T extends Uint32Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** FNV-1a over the bytes, then a final mix so that nearby keys (K-0000001, K-0000002) spread out. */
function hashBytes(bytes: Buffer, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i += 1) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}
