// A WAV file is a RIFF container: a 44-byte header (RIFF/WAVE, a `fmt ` chunk saying PCM, channels, rate and bit
// depth, a `data` chunk) and the samples, little-endian. The simulated carrier records a tone with this (C3a);
// the hub checks that a reported recording is one before it keeps it (C4).

const HEADER_BYTES = 44;

/** 16-bit mono PCM samples as a WAV file. */
export function encodeWav(samples: Int16Array, sampleRate: number): Buffer {
  const dataBytes = samples.length * 2;
  const out = Buffer.alloc(HEADER_BYTES + dataBytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + dataBytes, 4); // the size of everything after this field
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16); // fmt chunk size (PCM)
  out.writeUInt16LE(1, 20); // format: PCM
  out.writeUInt16LE(1, 22); // channels: mono
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28); // byte rate = rate × channels × 2 bytes
  out.writeUInt16LE(2, 32); // block align
  out.writeUInt16LE(16, 34); // bits per sample
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i]!, HEADER_BYTES + i * 2);
  return out;
}

/** A sine tone: 8 kHz 16-bit mono by default, at half volume, faded in and out so it does not click. */
export function toneWav(seconds: number, frequency = 440, sampleRate = 8000): Buffer {
  const count = Math.round(seconds * sampleRate);
  const fade = Math.min(Math.round(sampleRate / 50), Math.floor(count / 2));
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    const envelope = Math.min(1, i / Math.max(1, fade), (count - 1 - i) / Math.max(1, fade));
    samples[i] = Math.round(Math.sin((2 * Math.PI * frequency * i) / sampleRate) * 0.5 * 32767 * envelope);
  }
  return encodeWav(samples, sampleRate);
}

/** What a WAV header says; undefined when `data` does not start like a WAV file. */
export function readWavHeader(data: Buffer): { format: number; channels: number; sampleRate: number; bitsPerSample: number } | undefined {
  if (data.length < HEADER_BYTES) return undefined;
  if (data.toString('ascii', 0, 4) !== 'RIFF' || data.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  if (data.toString('ascii', 12, 16) !== 'fmt ') return undefined;
  const header = {
    format: data.readUInt16LE(20),
    channels: data.readUInt16LE(22),
    sampleRate: data.readUInt32LE(24),
    bitsPerSample: data.readUInt16LE(34),
  };
  return header.channels > 0 && header.sampleRate > 0 && header.bitsPerSample > 0 ? header : undefined;
}
