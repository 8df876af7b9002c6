// Capture files for the browser tests: reads the packets of a pcapng file and writes a
// classic pcap that repeats them as many TCP connections as it takes to reach a size (the
// client port is rewritten for each copy, as the capture benchmark does natively). The
// decoder does not check TCP checksums (offloading leaves them wrong on real captures too).
import { open } from 'node:fs/promises';

/** The packets of a pcapng file: { linkType, packets: [Buffer] } (one interface). */
export function readPcapng(buf) {
  if (buf.readUInt32LE(0) !== 0x0a0d0d0a || buf.readUInt32LE(8) !== 0x1a2b3c4d) {
    throw new Error('not a little-endian pcapng file');
  }
  let linkType = null;
  const packets = [];
  for (let at = 0; at + 12 <= buf.length;) {
    const type = buf.readUInt32LE(at);
    const len = buf.readUInt32LE(at + 4);
    if (type === 1 && linkType === null) linkType = buf.readUInt16LE(at + 8);
    if (type === 6) {
      const captured = buf.readUInt32LE(at + 20);
      packets.push(buf.subarray(at + 28, at + 28 + captured));
    }
    at += len;
  }
  return { linkType, packets };
}

/** Offset of the TCP header in an Ethernet + IPv4 frame. */
function tcpOffset(frame) {
  if (frame.readUInt16BE(12) !== 0x0800) throw new Error('expected Ethernet + IPv4');
  return 14 + (frame[14] & 0x0f) * 4;
}

/**
 * Writes `path`: the packets repeated until the file holds at least `minBytes`, copy k with
 * the client port (the first packet's source port) replaced by 1024 + k. Returns the number
 * of connections and the file size.
 */
export async function writeRepeatedPcap(path, { linkType, packets }, minBytes) {
  const clientPort = packets[0].readUInt16BE(tcpOffset(packets[0]));
  const perCopy = packets.reduce((n, p) => n + 16 + p.length, 0);
  const copies = Math.ceil((minBytes - 24) / perCopy);
  if (copies > 60_000) throw new Error('too many copies for distinct client ports');
  const file = await open(path, 'w');
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262_144, 16);
  header.writeUInt32LE(linkType, 20);
  await file.write(header);
  let size = 24;
  // Written in batches: one write per copy would make 12,000 syscalls.
  let batch = [];
  for (let k = 0; k < copies; k += 1) {
    const port = 1024 + k;
    packets.forEach((p, i) => {
      const rec = Buffer.alloc(16 + p.length);
      rec.writeUInt32LE(1_700_000_000 + k, 0);
      rec.writeUInt32LE(i, 4);
      rec.writeUInt32LE(p.length, 8);
      rec.writeUInt32LE(p.length, 12);
      p.copy(rec, 16);
      const tcp = 16 + tcpOffset(p);
      if (rec.readUInt16BE(tcp) === clientPort) rec.writeUInt16BE(port, tcp);
      if (rec.readUInt16BE(tcp + 2) === clientPort) rec.writeUInt16BE(port, tcp + 2);
      batch.push(rec);
      size += rec.length;
    });
    if (batch.length >= 4096) {
      await file.write(Buffer.concat(batch));
      batch = [];
    }
  }
  await file.write(Buffer.concat(batch));
  await file.close();
  return { connections: copies, size };
}
