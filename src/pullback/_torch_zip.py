"""torch's zip container: the records torch.save writes, laid out byte for byte as torch's writer lays
them out (caffe2's PyTorchStreamWriter over miniz), and the records of such an archive read back.

Every record sits in a folder named after the file (`archive` for a buffer), is stored uncompressed, and
starts at a multiple of 64 bytes (a padding field `FB` in its local header), so storages can be mapped
straight from the file. The archive always carries zip64 end records, as miniz writes them.
"""
import os
import struct
import sys
import zlib

ALIGNMENT = 64
_MAX32 = 0xFFFFFFFF
_MASK64 = (1 << 64) - 1


def archive_name(path):
    """The folder torch names after a path: its last component up to the last '.' ('' when none is left)."""
    start = max(path.rfind("/"), path.rfind("\\")) + 1
    dot = path.rfind(".", start)
    return path[start:dot if dot >= 0 else len(path)]


# ----------------------------------------------------------------- the serialization id
# torch records `.data/serialization_id`: 20 digits of a hash of the record names, then 20 of the records'
# CRCs combined. The names are hashed with libstdc++'s std::hash (murmur2, 64 bits) and combined in the order
# a std::unordered_set<std::string> holding them iterates, which the model below follows.
_MUL = 0xC6A4A793 << 32 | 0x5BD1E995
# the bucket counts libstdc++'s rehash policy steps through as a set grows one element at a time
_BUCKETS = (13, 29, 59, 127, 257, 541, 1109, 2357, 5087, 10273, 20753, 42043, 85229, 172933, 351061, 712697,
            1447153, 2938679, 5967347, 12117689, 24607243, 49969847, 101473717, 206062531, 418451333, 849749479,
            1725587117, 3504151727)


def _std_hash(data):
    def mix(v):
        return v ^ (v >> 47)

    n = len(data)
    h = (0xC70F6907 ^ (n * _MUL)) & _MASK64
    whole = n & ~7
    for i in range(0, whole, 8):
        h = ((h ^ (mix(int.from_bytes(data[i:i + 8], "little") * _MUL & _MASK64) * _MUL & _MASK64)) * _MUL) & _MASK64
    if n & 7:
        h = ((h ^ int.from_bytes(data[whole:], "little")) * _MUL) & _MASK64
    return mix(mix(h) * _MUL & _MASK64)


def hash_combine(seed, value):
    """c10::hash_combine on 64-bit size_t."""
    return (seed ^ ((value + 0x9E3779B9 + (seed << 6) + (seed >> 2)) & _MASK64)) & _MASK64


def _unordered_set_order(names):
    """The order a libstdc++ unordered_set iterates `names` inserted one by one: a new element goes first in
    its bucket's run of the one list, or at the list's head when its bucket is empty; growing the table
    reinserts the list in its current order."""
    hashes = {}
    order = []
    buckets = 1
    for name in names:
        hashes[name] = _std_hash(name.encode())
        if len(order) + 1 > (buckets if buckets > 1 else 0):
            grown = next(b for b in _BUCKETS if b >= 2 * buckets) if buckets > 1 else _BUCKETS[0]
            old, order, buckets = order, [], grown
            for n in old:
                _insert(order, n, hashes, buckets)
        _insert(order, name, hashes, buckets)
    return order, hashes


def _insert(order, name, hashes, buckets):
    b = hashes[name] % buckets
    for i, n in enumerate(order):
        if hashes[n] % buckets == b:
            order.insert(i, name)
            return
    order.insert(0, name)


def serialization_id(names, combined_crc):
    order, hashes = _unordered_set_order(names)
    h = 0
    for name in order:
        h = hash_combine(h, hashes[name])
    return f"{h:020d}{combined_crc:020d}"


# ----------------------------------------------------------------- writing
class Writer:
    """Writes records to `write` (a file's write method) as torch's PyTorchStreamWriter does."""

    def __init__(self, write, name):
        self._write = write
        self.prefix = name + "/"
        self.pos = 0
        self.written = []        # record names, in the order written
        self._central = []
        self._crc = 0            # the CRCs of the records with data, combined

    def _out(self, data):
        self._write(data)
        self.pos += len(data)

    def record(self, name, data):
        """Write one record; `data` is bytes or a contiguous uint8 array."""
        data = memoryview(data).cast("B")
        full = (self.prefix + name).encode("utf-8")
        size, offset = data.nbytes, self.pos
        zip64 = size >= _MAX32 or offset >= _MAX32
        z64 = b""
        if zip64:  # the sizes and/or the header's offset no 32-bit field can hold
            fields = (struct.pack("<QQ", size, size) if size >= _MAX32 else b"") + (
                struct.pack("<Q", offset) if offset >= _MAX32 else b"")
            z64 = struct.pack("<HH", 1, len(fields)) + fields
        pad = -(offset + 30 + len(full) + len(z64) + 4) % ALIGNMENT
        extra = z64 + b"FB" + struct.pack("<H", pad) + b"Z" * pad
        flags = 0x0808 if size else 0x0800  # UTF-8 names; a data descriptor follows any data
        self._out(struct.pack("<IHHHHHIIIHH", 0x04034B50, 0, flags, 0, 0, 0, 0, 0, 0, len(full), len(extra)))
        self._out(full)
        self._out(extra)
        crc = 0
        if size:
            self._write(data)
            self.pos += size
            crc = zlib.crc32(data)
            sizes = struct.pack("<QQ", size, size) if zip64 else struct.pack("<II", size, size)
            self._out(struct.pack("<II", 0x08074B50, crc) + sizes)
            self._crc = hash_combine(self._crc, crc)
        self._central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0, 0, flags, 0, 0, 0, crc,
                                         min(size, _MAX32), min(size, _MAX32), len(full), len(z64), 0, 0, 0, 0,
                                         min(offset, _MAX32)) + full + z64)
        self.written.append(name)

    def finish(self):
        """torch's end of file: version and byteorder records if missing, the serialization id, then the central
        directory and the zip64 and plain end records."""
        if "version" not in self.written and ".data/version" not in self.written:
            self.record("version", b"3\n")
        if "byteorder" not in self.written:
            self.record("byteorder", sys.byteorder.encode())
        self.record(".data/serialization_id", serialization_id(self.written, self._crc).encode())
        directory = b"".join(self._central)
        start, n = self.pos, len(self._central)
        self._out(directory)
        end64 = self.pos
        self._out(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 0x031E, 0x002D, 0, 0, n, n, len(directory), start))
        self._out(struct.pack("<IIQI", 0x07064B50, 0, end64, 1))
        self._out(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, min(n, 0xFFFF), min(n, 0xFFFF),
                              min(len(directory), _MAX32), min(start, _MAX32), 0))


# ----------------------------------------------------------------- reading
def data_offset(file, info):
    """Where a stored record's bytes start in the archive: after its local header, name and extra field."""
    file.seek(info.header_offset)
    header = file.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise RuntimeError(f"PytorchStreamReader failed reading file {info.filename}: invalid header or archive is "
                           "corrupted")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + name_len + extra_len


def read_into(archive, info, out):
    """Read a record into the uint8 array `out` in slices (no second copy of a large record in memory)."""
    with archive.open(info) as member:
        done, n = 0, out.size
        while done < n:
            chunk = member.read(min(n - done, 1 << 24))
            if not chunk:
                raise RuntimeError(f"PytorchStreamReader failed reading file {info.filename}: file read failed")
            out[done:done + len(chunk)] = memoryview(chunk)
            done += len(chunk)


def is_path(f):
    return isinstance(f, (str, os.PathLike))
