#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Description: writes the named seed inputs of fuzz_v4v_reader (corpus/fuzz_v4v_reader/seed-*): V4V rings laid out as the design says, one case each.
"""Usage: v4v_reader_seeds.py DIR

Input layout (fuzz/fuzz_v4v_reader.c): u16 ring-length selector
(len = 48 + 16 * (sel % 1022)), one buffer byte, then the 60-byte V4V ring
header (magic, id{port, domain, partner}, len, rx_ptr, tx_ptr, reserved)
and ring[]. Files are written whole to a temporary name, then renamed.
"""
import os
import struct
import sys

RING_MAGIC = 0xdf6977f231abd910
PROTO_DGRAM = 0x3c2c1db8


def message(payload, port=9, dom=0, proto=PROTO_DGRAM):
    head = struct.pack("<IIHHI", 16 + len(payload), port, dom, 0, proto)
    body = head + payload
    return body + b"\0" * (-len(body) % 16)


def ring(length, rx, tx, data, buf=0x40):
    sel = (length - 48) // 16
    header = struct.pack("<QIHHIII", RING_MAGIC, 7, 1, 0, length, rx, tx)
    header += b"\0" * 32
    assert len(header) == 60
    ring_bytes = (data + b"\0" * length)[:length]
    return struct.pack("<HB", sel, buf) + header + ring_bytes


def wrapped(length=64):
    # A 20-byte message at 32: header 32..48, payload 48..64 then 0..4.
    payload = bytes(range(1, 21))
    m = struct.pack("<IIHHI", 36, 5, 2, 0, 7) + payload
    data = bytearray(length)
    data[32:48] = m[:16]
    data[48:64] = m[16:32]
    data[0:4] = m[32:36]
    return ring(length, 32, 16, bytes(data))


SEEDS = {
    "seed-empty": ring(64, 0, 0, b""),
    "seed-one-message": ring(256, 0, 32, message(b"hello")),
    "seed-two-messages-peek-only": ring(256, 0, 64, message(b"a" * 7) + message(b"b" * 16), buf=0x80),
    "seed-wraps-the-end": wrapped(),
    "seed-header-shorter-than-itself": ring(64, 0, 16, struct.pack("<I", 15) + b"\0" * 12),
    "seed-claims-more-than-queued": ring(64, 0, 16, struct.pack("<I", 64) + b"\0" * 12),
    "seed-rx-unaligned": ring(64, 8, 16, message(b"")),
    "seed-tx-past-end": ring(64, 0, 64, message(b"x")),
    "seed-no-buffer": ring(128, 0, 48, message(b"z" * 30), buf=0x00),
}


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    for name, data in sorted(SEEDS.items()):
        tmp = os.path.join(out, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, os.path.join(out, name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
