import { compress, decompress } from '@mongodb-js/zstd';
import kafkajs from 'kafkajs';

// kafkajs is CommonJS and Node's ESM loader does not detect CompressionCodecs as a named export
// ("does not provide an export named 'CompressionCodecs'"), so it is read from the default export.
const { CompressionCodecs, CompressionTypes } = kafkajs;

// KafkaJS ships no zstd codec, and @kafkajs/zstd does not build on Node 20. A codec is
// { compress(encoder), decompress(buffer) } registered under CompressionTypes.ZSTD; this one uses
// @mongodb-js/zstd, whose npm package carries a prebuilt binary.

interface Encoder {
  buffer: Buffer;
}

export function zstdCodec(level = 3) {
  return () => ({
    async compress(encoder: Encoder): Promise<Buffer> {
      return compress(encoder.buffer, level);
    },
    async decompress(buffer: Buffer): Promise<Buffer> {
      return decompress(buffer);
    },
  });
}

let registered = false;
export function registerZstd(): void {
  if (registered) return;
  CompressionCodecs[CompressionTypes.ZSTD] = zstdCodec();
  registered = true;
}
