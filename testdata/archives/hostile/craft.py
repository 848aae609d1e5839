#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""craft.py - the byte-level part of make-hostile.sh (run by it, in hostile/).

    python3 craft.py                        the crafted zips, tars, .bin
    python3 craft.py iso-loop IN OUT T0 T1  IN (bsdtar, written between
                                            times T0 and T1) -> OUT

Writes the inputs that need hand-made headers: zips whose fields lie,
tars with a bad checksum or cut short, the zero-block files.  Only the
standard library; the same bytes every run (fixed times, no randomness:
even the traditional PKWARE encryption header is fixed here).
"""
import io
import struct
import sys
import tarfile
import zlib

DOSTIME = 0                                    # 00:00:00
DOSDATE = ((2024 - 1980) << 9) | (1 << 5) | 1  # 2024-01-01
MTIME = 1704067200                             # 2024-01-01 00:00:00 UTC


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def zip_build(entries, comment=b""):
    """entries: dicts with name (str), data (the bytes as stored), crc,
    csize, usize, method, flags, lextra, cextra, attr (Unix mode), and
    optional l_*/c_* overrides of crc/csize/usize for one header only.
    The central directory follows the last entry's bytes as stored."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        name = e["name"].encode("utf-8")
        method = e.get("method", 0)
        flags = e.get("flags", 0)
        lextra = e.get("lextra", b"")
        cextra = e.get("cextra", b"")
        offset = len(out)

        def val(h, k):
            return e.get(h + "_" + k, e[k])
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, e.get("version", 20),
                           flags, method, DOSTIME, DOSDATE, val("l", "crc"),
                           val("l", "csize"), val("l", "usize"),
                           len(name), len(lextra))
        out += name + lextra + e["data"] + e.get("after", b"")
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50,
                               (3 << 8) | 30, e.get("version", 20), flags,
                               method, DOSTIME, DOSDATE, val("c", "crc"),
                               val("c", "csize"), val("c", "usize"),
                               len(name), len(cextra), 0, 0, 0,
                               e.get("attr", 0o100644) << 16, offset)
        central += name + cextra
    cdoff = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries),
                       len(entries), len(central), cdoff, len(comment))
    out += comment
    return bytes(out)


def stored(name, data, **kw):
    e = dict(name=name, data=data, crc=zlib.crc32(data), csize=len(data),
             usize=len(data), method=0)
    e.update(kw)
    return e


def deflated(name, data, **kw):
    z = deflate(data)
    e = dict(name=name, data=z, crc=zlib.crc32(data), csize=len(z),
             usize=len(data), method=8)
    e.update(kw)
    return e


def directory(name, **kw):
    e = dict(name=name, data=b"", crc=0, csize=0, usize=0, method=0,
             attr=0o040755)
    e.update(kw)
    return e


# -- traditional PKWARE ("ZipCrypto") encryption, with a fixed header ------
def zipcrypto(data, password, crc):
    keys = [0x12345678, 0x23456789, 0x34567890]
    table = [0] * 256
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
        table[i] = c

    def crc32b(c, b):
        return (c >> 8) ^ table[(c ^ b) & 0xFF]

    def update(b):
        keys[0] = crc32b(keys[0], b)
        keys[1] = (keys[1] + (keys[0] & 0xFF)) & 0xFFFFFFFF
        keys[1] = (keys[1] * 134775813 + 1) & 0xFFFFFFFF
        keys[2] = crc32b(keys[2], keys[1] >> 24)

    def stream(b):
        t = (keys[2] | 2) & 0xFFFF
        k = ((t * (t ^ 1)) >> 8) & 0xFF
        update(b)
        return b ^ k

    for b in password:
        update(b)
    header = bytes(range(0x41, 0x41 + 11)) + bytes([(crc >> 24) & 0xFF])
    return bytes(stream(b) for b in header + data)


def tar_bytes(members, fmt=tarfile.USTAR_FORMAT):
    """members: (name, data) pairs; a name ending in / is a directory."""
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode="w", format=fmt) as t:
        for name, data in members:
            ti = tarfile.TarInfo(name.rstrip("/"))
            ti.mtime = MTIME
            ti.uname = ti.gname = "root"
            if name.endswith("/"):
                ti.type = tarfile.DIRTYPE
                ti.mode = 0o755
                t.addfile(ti)
            else:
                ti.mode = 0o644
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
    return bio.getvalue()


def sparse_tar(name, realsize, mapping, data):
    """A pax tar of one GNU sparse entry in format 0.1 (GNU.sparse.map in
    the extended header): MAPPING is the (offset, size) pairs of its data
    blocks, DATA their bytes, REALSIZE the size it claims."""
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode="w", format=tarfile.PAX_FORMAT) as t:
        ti = tarfile.TarInfo(name)
        ti.mtime = MTIME
        ti.uname = ti.gname = "root"
        ti.mode = 0o644
        ti.size = len(data)
        ti.pax_headers = {
            "GNU.sparse.size": str(realsize),
            "GNU.sparse.numblocks": str(len(mapping)),
            "GNU.sparse.map": ",".join("%d,%d" % m for m in mapping),
        }
        t.addfile(ti, io.BytesIO(data))
    return bio.getvalue()


def main():
    hello = b"hello\n"

    # zero blocks in front of text
    write("zero512.bin", bytes(512) + hello)
    write("zero1024.bin", bytes(1024) + b"text after two zero blocks\n")

    # just an end of central directory record
    write("empty.zip", zip_build([]))

    # sizes that lie, in both headers
    write("zip-size-100.zip", zip_build([deflated("hello.txt", hello, usize=100)]))
    write("zip-size-100-stored.zip", zip_build([stored("hello.txt", hello, usize=100)]))
    write("zip-size-3g.zip", zip_build([deflated("hello.txt", hello, usize=3000000000)]))
    # ZIP64: both 32-bit sizes 0xffffffff, the zip64 extra field says
    # uncompressed 2^32+5, compressed 5; the data is "hello" (stored)
    five = b"hello"
    z64 = struct.pack("<HHQQ", 0x0001, 16, (1 << 32) + 5, 5)
    write("zip-size-4g.zip", zip_build([stored(
        "hello.txt", five, csize=0xFFFFFFFF, usize=0xFFFFFFFF,
        version=45, lextra=z64, cextra=z64)]))

    # CRC wrong (both headers), then a good entry
    bad = b"the crc of this line is wrong\n"
    good = b"good entry\n"
    write("zip-badcrc.zip", zip_build([
        deflated("bad.txt", bad, crc=zlib.crc32(bad) ^ 0x5A5A5A5A),
        deflated("good.txt", good)]))
    write("zip-badcrc-stored.zip", zip_build([
        stored("bad.txt", bad, crc=zlib.crc32(bad) ^ 0x5A5A5A5A),
        stored("good.txt", good)]))

    # stored entry: both headers say 4 bytes ("hell"), 12 are there
    long_data = b"hello world\n"
    e = stored("long.txt", long_data[:4], after=long_data[4:])
    e["crc"] = zlib.crc32(long_data[:4])
    write("zip-long.zip", zip_build([e, stored("next.txt", good)]))

    # Cyrillic UTF-8 names, general purpose flag bit 11 (UTF-8) set
    write("cyrillic.zip", zip_build([
        deflated("привет.txt", "привет, мир\n".encode(), flags=0x800),
        deflated("мир.txt", "мир\n".encode(), flags=0x800)]))

    # unknown compression method 42, then a good entry; and method 99
    # (WinZip AES) without its 0x9901 extra field and without the
    # encryption flag, then a good entry
    e = stored("method42.txt", b"not really method 42\n", method=42)
    write("unsupported-method.zip", zip_build([e, stored("good.txt", good)]))
    e = stored("aes.txt", b"not really AES\n", method=99)
    write("aes-noextra.zip", zip_build([e, stored("good.txt", good)]))

    # encrypted (traditional PKWARE, password "password") entries inside
    # directories; the directories and one file in clear
    s1 = b"first secret\n"
    s2 = b"second secret words\n"
    pw = b"password"

    def enc(name, data):
        crc = zlib.crc32(data)
        z = zipcrypto(data, pw, crc)
        return dict(name=name, data=z, crc=crc, csize=len(z),
                    usize=len(data), method=0, flags=1)
    write("encrypted-dir.zip", zip_build([
        directory("top/"),
        enc("top/secret1.txt", s1),
        directory("top/sub/"),
        enc("top/sub/secret2.txt", s2),
        stored("top/plain.txt", b"plain words here\n")]))

    # the same with a data descriptor (flag bit 3): the local header has
    # CRC and sizes 0, they follow the data; a streaming reader cannot
    # tell where the encrypted data ends
    def enc_dd(name, data):
        e = enc(name, data)
        e["flags"] = 1 | 8
        e["l_crc"] = e["l_csize"] = e["l_usize"] = 0
        e["after"] = struct.pack("<IIII", 0x08074B50, e["crc"], e["csize"],
                                 e["usize"])
        return e
    write("encrypted-dd.zip", zip_build([
        directory("top/"),
        enc_dd("top/secret1.txt", s1),
        stored("top/plain.txt", b"plain words here\n")]))

    # tar: three entries, the middle header's checksum broken
    t = bytearray(tar_bytes([("a.txt", b"alpha\n"),
                             ("b.txt", b"bravo bravo\n"),
                             ("c.txt", b"charlie charlie charlie\n")]))
    hdr = 1024                          # a.txt: header + one data block
    assert t[hdr:hdr + 5] == b"b.txt"
    t[hdr + 148:hdr + 154] = b"777777"   # checksum field, octal
    write("tar-badsum.tar", bytes(t[:3 * 1024 + 1024]))  # 3 entries + 2 end blocks

    # tar: second entry's header says 2000 bytes, 700 are there, no end
    body = b"".join(b"line %03d of the cut entry\n" % i for i in range(100))
    t = tar_bytes([("first.txt", b"first entry, complete\n"),
                   ("cut.txt", body[:2000])])
    assert len(body) >= 2000
    write("tar-short.tar", t[:1024 + 512 + 700])

    # sparse tars whose maps lie: a hole of an exbibyte (2^60 bytes)
    # before 4 bytes of data, and a second block that goes back
    write("sparse-eib.tar",
          sparse_tar("eib.txt", (1 << 60) + 4, [(1 << 60, 4)], b"eib\n"))
    write("sparse-back.tar",
          sparse_tar("back.txt", 12, [(4, 4), (0, 4)], b"abc\ndef\n"))


def iso_loop(src, dst, t0, t1):
    """Patch an ISO 9660 image that bsdtar wrote at a time in [t0, t1]:
    every time stamp of that run (the volume dates, the root's and "."
    and ".." records' dates and Rock Ridge TF fields, the INFO block's
    ctime) becomes 2024-01-01 00:00:00 UTC; then the root directory's
    SUSP "CE" entry (which points at the block holding the "ER" entry)
    and the first 28 bytes of that continuation area become one "CE"
    entry that points at itself: location L, offset 0, length 28."""
    import time
    d = bytearray(open(src, "rb").read())
    fixed = time.gmtime(MTIME)

    def sub(old, new):
        i = d.find(old)
        while i >= 0:
            d[i:i + len(old)] = new
            i = d.find(old, i + len(new))
    for t in range(int(t0), int(t1) + 1):
        g = time.gmtime(t)
        sub(bytes([g.tm_year - 1900, g.tm_mon, g.tm_mday, g.tm_hour,
                   g.tm_min, g.tm_sec]),
            bytes([fixed.tm_year - 1900, fixed.tm_mon, fixed.tm_mday,
                   fixed.tm_hour, fixed.tm_min, fixed.tm_sec]))
        sub(time.strftime("%Y%m%d%H%M%S", g).encode(),
            time.strftime("%Y%m%d%H%M%S", fixed).encode())
        sub(time.strftime("%a %b %e %H:%M:%S %Y", g).encode(),
            time.strftime("%a %b %e %H:%M:%S %Y", fixed).encode())
    i = d.find(b"CE\x1c\x01")
    assert i >= 0, "no CE entry in the image"
    loc = struct.unpack("<I", d[i + 4:i + 8])[0]
    assert d[loc * 2048:loc * 2048 + 2] == b"ER", "CE does not point at ER"

    def both(v):
        return struct.pack("<I", v) + struct.pack(">I", v)
    ce = b"CE\x1c\x01" + both(loc) + both(0) + both(28)
    d[i:i + 28] = ce
    d[loc * 2048:loc * 2048 + 28] = ce
    open(dst, "wb").write(bytes(d))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "iso-loop":
        sys.exit(iso_loop(*sys.argv[2:6]))
    sys.exit(main())
