export { crc64Avro, crc64AvroBuffer } from './crc64-avro.ts';
export { exactLongType, isAvroLong, type AvroLong } from './long-type.ts';
export {
  canonicalForm,
  parseSchema,
  parseType,
  tablesOf,
  type ParsedSchema,
  type TableSpec,
} from './parse-schema.ts';
export { DEFAULT_SCHEMA_DIR, SchemaRegistry, type DecodePlan, type SchemaEntry } from './registry.ts';
export {
  decodeSingleObject,
  encodeSingleObject,
  SINGLE_OBJECT_HEADER_BYTES,
  type DecodedObject,
} from './single-object.ts';
