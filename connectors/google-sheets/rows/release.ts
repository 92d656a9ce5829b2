// Typed arrays handed back as soon as a read is done with them. A typed array's memory goes
// only when the garbage collector frees its object, which for one made early in a read is
// the next full collection, after the read: until then it adds to the process's peak (a
// 100,000-row poll without a key column holds about 10 MB of such tables). Detaching its
// buffer (ES2024 ArrayBuffer transfer) frees it at once; the array is empty afterwards.

type TypedArray = Uint32Array | Int32Array | Uint8Array;

export function release(...arrays: TypedArray[]): void {
  for (const array of arrays) {
    const buffer = array.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
    // Only a buffer the array has to itself: never a pool other arrays share.
    if (buffer.byteLength === array.byteLength) buffer.transfer?.(0);
  }
}
