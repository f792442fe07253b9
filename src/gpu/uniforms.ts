/**
 * One helper that lays out a WGSL uniform struct and packs values into it, so the WGSL declaration
 * and the bytes written from TypeScript come from the same field list and cannot drift.
 * Fields are 4-byte scalars (u32 / i32 / f32): offset = 4·index; the struct size is rounded up to 16
 * bytes, the alignment WGSL requires of a uniform buffer binding's struct.
 */
export type ScalarType = 'u32' | 'i32' | 'f32';

export interface UniformStruct<K extends string> {
  readonly name: string;
  readonly fields: readonly (readonly [K, ScalarType])[];
  /** Byte size (multiple of 16). */
  readonly size: number;
  /** The WGSL `struct Name { ... }` declaration. */
  readonly wgsl: string;
  /** Writes `values` at `byteOffset` of `view`; missing fields are written as 0. */
  pack(view: DataView, byteOffset: number, values: Partial<Record<K, number>>): void;
}

export function defineUniformStruct<K extends string>(name: string, fields: readonly (readonly [K, ScalarType])[]): UniformStruct<K> {
  const size = Math.ceil((fields.length * 4) / 16) * 16;
  const wgsl = `struct ${name} {\n${fields.map(([f, t]) => `  ${f}: ${t},`).join('\n')}\n}\n`;
  return {
    name,
    fields,
    size,
    wgsl,
    pack(view, byteOffset, values) {
      fields.forEach(([f, t], i) => {
        const v = values[f] ?? 0;
        const at = byteOffset + 4 * i;
        if (t === 'f32') view.setFloat32(at, v, true);
        else if (t === 'i32') view.setInt32(at, v, true);
        else view.setUint32(at, v >>> 0, true);
      });
    },
  };
}
