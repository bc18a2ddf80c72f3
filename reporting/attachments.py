"""Attachments sent by members of the public through the reporting portal.

Every upload is judged by its content, never by its name or the type the browser claims. Accepted
files are stored once, under their SHA-256, so the same photo sent twice is kept once and a stored
file can always be checked against the hash recorded with the report.

ZIP files (and Word, Excel, PowerPoint and OpenDocument files, which are ZIP files inside) are
unpacked here in full before they are accepted, counting the bytes that really come out rather than
the sizes the archive claims, so a "zip bomb" is stopped after a bounded amount of work.
"""

import codecs
import hashlib
import os
import re
import stat
import struct
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation

MB = 1024 * 1024
CHUNK_BYTES = 64 * 1024
# Enough for filetype (8 KB) and for the plain-text test (the first 64 KB must be UTF-8).
HEAD_BYTES = 64 * 1024
# Small documents compress very well; the ratio test only starts once this much has come out.
RATIO_FLOOR_BYTES = 1 * MB
# A ZIP may hold documents, and a document may hold another (a Word chart embeds a workbook),
# but nothing deeper: no container more than this many levels down.
MAX_NESTING = 2
STORE_FOLDER = "reporting"

DEFAULT_LIMITS = {
    "PORTAL_MAX_FILE_BYTES": 10 * MB,
    "PORTAL_MAX_FILES": 5,
    "PORTAL_MAX_TOTAL_BYTES": 25 * MB,
    "PORTAL_MAX_UNPACKED_BYTES": 50 * MB,
    "PORTAL_MAX_ARCHIVE_MEMBERS": 200,
    "PORTAL_MAX_COMPRESSION_RATIO": 100,
}

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ZIP = "application/zip"
TEXT = "text/plain"

# Detected content type -> kind. Anything not here is refused.
ACCEPTED_TYPES = {
    "image/jpeg": "image",
    "image/png": "image",
    "image/apng": "image",  # an animated PNG is still a PNG
    "image/gif": "image",
    "image/webp": "image",
    "image/heic": "image",
    "application/pdf": "pdf",
    DOCX: "document",
    XLSX: "document",
    PPTX: "document",
    ODT: "document",
    "audio/mpeg": "audio",
    "audio/mp4": "audio",
    "audio/x-wav": "audio",
    "video/mp4": "video",
    "video/quicktime": "video",
    ZIP: "archive",
    TEXT: "text",
}
OFFICE_TYPES = {DOCX, XLSX, PPTX, ODT}
# What may sit inside a ZIP the public sends (documents are unpacked and checked in turn).
MEMBER_KINDS = {"image", "pdf", "text", "audio", "video"}

PROGRAM_TYPES = {"application/x-msdownload", "application/x-executable"}
COMPRESSED_TYPES = {
    "application/epub+zip",
    "application/x-tar",
    "application/x-rar-compressed",
    "application/gzip",
    "application/x-bzip2",
    "application/x-7z-compressed",
    "application/x-xz",
    "application/x-unix-archive",
    "application/x-compress",
    "application/x-lzop",
    "application/x-lzip",
    "application/x-lz4",
    "application/zstd",
    "application/x-brotli",
    "application/vnd.ms-cab-compressed",
    "application/x-rpm",
    "application/x-deb",
    "application/x-google-chrome-extension",
}
OLD_OFFICE_TYPES = {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}
# Windows PE, ELF, Mach-O (32/64-bit, both byte orders) and universal binaries / Java classes.
PROGRAM_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)
# What a browser would take for markup: "<" then a tag name, "!" (doctype, comment), "?" (XML
# declaration) or "/". Covers HTML, SVG and XML.
MARKUP_START = re.compile(r"<[!?/a-zA-Z]")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
STORED_PATH = re.compile(rf"{STORE_FOLDER}/([0-9a-f]{{2}})/([0-9a-f]{{64}})")

REASONS = {
    "program": "it looks like a program",
    "markup": "it looks like a web page, which could contain a script",
    "compressed": "it is a compressed file of a kind we cannot check; send a ZIP file instead",
    "old-office": "it looks like an older Word, Excel or PowerPoint file; save it as .docx, .xlsx or .pptx",
}

# The ZIP local file header (APPNOTE 4.3.7): signature, version, flags, method, time, date, CRC,
# compressed size, size, name length, extra length.
LOCAL_HEADER = struct.Struct("<4sHHHHHLLLHH")
LOCAL_HEADER_SIGNATURE = b"PK\x03\x04"
ENCRYPTED_FLAGS = 0x1 | 0x40  # traditional and strong encryption
UTF8_NAME_FLAG = 0x800


class AttachmentRefused(Exception):
    """An upload we will not accept; `message` is written for the member of the public."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    name: str  # safe display name
    size: int
    sha256: str
    content_type: str  # as detected from the content
    kind: str  # "image", "pdf", "document", "text", "audio", "video" or "archive"


@dataclass(frozen=True)
class _Sniffed:
    content_type: str | None
    kind: str  # an accepted kind, or "program", "markup", "compressed", "old-office", "other", "unknown"
    extension: str = ""

    @property
    def reason(self) -> str | None:
        if self.kind == "other" and self.extension:
            return f"it looks like a .{self.extension} file"
        return REASONS.get(self.kind)


class _Damaged(Exception):
    """The archive does not hold together; reported to the public as damaged."""


def portal_limit(name: str) -> int:
    return getattr(settings, name, DEFAULT_LIMITS[name])


def display_name(raw_name: str | None) -> str:
    """The name to show: the last path part only, without control or invisible formatting characters
    (such as right-to-left overrides that disguise "gpj.exe" as "exe.jpg"), at most 120 characters
    with the extension kept."""
    name = unicodedata.normalize("NFC", str(raw_name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C")).strip()
    if name in ("", ".", ".."):
        return "attachment"
    if len(name) > 120:
        stem, dot, extension = name.rpartition(".")
        if dot and stem and len(extension) <= 10:
            name = stem[: 119 - len(extension)].rstrip() + "." + extension
        else:
            name = name[:120]
    return name


def size_text(size: int) -> str:
    for unit, factor in (("MB", MB), ("KB", 1024)):
        if size >= factor:
            return f"{round(size / factor, 1):g} {unit}"
    return f"{size} bytes"


def check_upload(upload) -> CheckedFile:
    """Check one upload by its content; raises AttachmentRefused with a message for the sender."""
    name = display_name(upload.name)
    _refuse_if_declared_too_large(upload, name)
    try:
        sha256, size, head = _hash(upload, name)
        if size == 0:
            raise AttachmentRefused(f"{name} is empty. Choose the file again, or leave it out.")
        sniffed = _sniff(head, complete=size <= len(head))
        if sniffed.kind not in ACCEPTED_TYPES.values():
            raise AttachmentRefused(_not_accepted(name, sniffed))
        content_type = sniffed.content_type
        if content_type == ZIP or content_type in OFFICE_TYPES:
            unpacking = _Unpacking(name=name, packed=size)
            content_type = _check_container(upload, content_type, unpacking=unpacking, path="", depth=0)
        return CheckedFile(
            name=name, size=size, sha256=sha256, content_type=content_type, kind=ACCEPTED_TYPES[content_type]
        )
    finally:
        upload.seek(0)


def check_uploads(uploads: list) -> list[CheckedFile]:
    """Check the files sent with one report, together and one by one; the first problem is raised."""
    max_files = portal_limit("PORTAL_MAX_FILES")
    if len(uploads) > max_files:
        raise AttachmentRefused(
            f"You can send up to {max_files} files with a report, and you chose {len(uploads)}. "
            "Leave some out, or put them in a ZIP file."
        )
    for upload in uploads:
        _refuse_if_declared_too_large(upload, display_name(upload.name))
    max_total = portal_limit("PORTAL_MAX_TOTAL_BYTES")
    too_much = f"Together your files are larger than {size_text(max_total)}. Send fewer or smaller files."
    if sum(upload.size or 0 for upload in uploads) > max_total:
        raise AttachmentRefused(too_much)
    checked = []
    for upload in uploads:
        checked.append(check_upload(upload))
        if sum(file.size for file in checked) > max_total:  # the sizes really read, not those declared
            raise AttachmentRefused(too_much)
    return checked


def store(upload, checked: CheckedFile) -> str:
    """Keep an accepted upload under its SHA-256 and return the path relative to MEDIA_ROOT.

    The file appears whole or not at all (written aside, then renamed into place), and what reached
    the disk is read back and hashed before it is put there."""
    if not SHA256_HEX.fullmatch(checked.sha256):
        raise ValueError("not a SHA-256 in hex")
    relative_path = f"{STORE_FOLDER}/{checked.sha256[:2]}/{checked.sha256}"
    destination = Path(settings.MEDIA_ROOT) / relative_path
    if destination.exists():
        return relative_path
    destination.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=destination.parent, prefix=".incoming-")
    try:
        with os.fdopen(descriptor, "wb") as out:
            for chunk in upload.chunks(CHUNK_BYTES):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        with open(temporary, "rb") as written:
            digest = hashlib.file_digest(written, "sha256").hexdigest()
        if digest != checked.sha256:
            raise AttachmentRefused(f"{checked.name} changed while it was being saved. Please send it again.")
        if settings.FILE_UPLOAD_PERMISSIONS is not None:
            os.chmod(temporary, settings.FILE_UPLOAD_PERMISSIONS)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    finally:
        upload.seek(0)
    _sync_directory(destination.parent)
    return relative_path


def open_stored(relative_path: str) -> BinaryIO:
    """Open a stored attachment for reading; only paths that store() returns are allowed."""
    match = STORED_PATH.fullmatch(relative_path or "")
    if not match or match[2][:2] != match[1]:
        raise SuspiciousFileOperation("not a stored portal attachment")
    root = (Path(settings.MEDIA_ROOT) / STORE_FOLDER).resolve()
    path = (Path(settings.MEDIA_ROOT) / relative_path).resolve()
    if not path.is_relative_to(root):  # e.g. a symlink leading out of the store
        raise SuspiciousFileOperation("not a stored portal attachment")
    return open(path, "rb")  # the caller closes it (FileResponse does)


# Reading and identifying


def _refuse_if_declared_too_large(upload, name: str) -> None:
    max_bytes = portal_limit("PORTAL_MAX_FILE_BYTES")
    if upload.size is not None and upload.size > max_bytes:
        raise AttachmentRefused(_too_large(name, max_bytes))


def _too_large(name: str, max_bytes: int) -> str:
    return f"{name} is larger than {size_text(max_bytes)}. Send a smaller file, or split it."


def _hash(upload, name: str) -> tuple[str, int, bytes]:
    """SHA-256, real size and the first HEAD_BYTES, refusing as soon as the size passes the limit
    (the declared size is only what the client said)."""
    max_bytes = portal_limit("PORTAL_MAX_FILE_BYTES")
    digest = hashlib.sha256()
    size = 0
    head = bytearray()
    for chunk in upload.chunks(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise AttachmentRefused(_too_large(name, max_bytes))
        digest.update(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
    return digest.hexdigest(), size, bytes(head)


def _sniff(head: bytes, *, complete: bool) -> _Sniffed:
    """What the first bytes say the file is. `complete` means `head` is the whole file."""
    if head.startswith(PROGRAM_MAGIC):
        return _Sniffed(None, "program")
    try:
        match = filetype.guess(head)
    except Exception:  # a malformed header is simply not a type we know
        match = None
    if match is not None:
        if match.mime in ACCEPTED_TYPES:
            return _Sniffed(match.mime, ACCEPTED_TYPES[match.mime])
        if match.mime in PROGRAM_TYPES:
            return _Sniffed(match.mime, "program")
        if match.mime in COMPRESSED_TYPES:
            return _Sniffed(match.mime, "compressed")
        if match.mime in OLD_OFFICE_TYPES:
            return _Sniffed(match.mime, "old-office")
        return _Sniffed(match.mime, "other", match.extension)
    return _sniff_text(head, complete=complete)


def _sniff_text(head: bytes, *, complete: bool) -> _Sniffed:
    if b"\x00" in head:
        return _Sniffed(None, "unknown")
    try:
        # Not final unless complete: the 64 KB may end inside a character.
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
    except UnicodeDecodeError:
        return _Sniffed(None, "unknown")
    start = text.removeprefix("\ufeff").lstrip()
    if start.startswith("#!"):
        return _Sniffed(TEXT, "program")
    if MARKUP_START.match(start):
        return _Sniffed(TEXT, "markup")
    return _Sniffed(TEXT, "text")


def _not_accepted(name: str, sniffed: _Sniffed) -> str:
    message = f"{name} is not a picture, PDF, document or sound/video file we can accept"
    return f"{message} ({sniffed.reason})." if sniffed.reason else f"{message}."


# ZIP files and documents built on ZIP


@dataclass
class _Unpacking:
    """The running total of bytes unpacked from one upload, across every level of nesting."""

    name: str
    packed: int
    unpacked: int = 0

    def add(self, size: int) -> None:
        self.unpacked += size
        max_unpacked = portal_limit("PORTAL_MAX_UNPACKED_BYTES")
        if self.unpacked > max_unpacked:
            raise AttachmentRefused(
                f"{self.name} unpacks to more than {size_text(max_unpacked)}, so we cannot accept it."
            )
        max_ratio = portal_limit("PORTAL_MAX_COMPRESSION_RATIO")
        if self.unpacked > RATIO_FLOOR_BYTES and self.unpacked > max_ratio * self.packed:
            raise AttachmentRefused(
                f"{self.name} unpacks to more than {max_ratio} times its own size, so we cannot accept it."
            )


def _check_container(fp, content_type: str, *, unpacking: _Unpacking, path: str, depth: int) -> str:
    """Check a ZIP or a document built on ZIP, member by member; returns its content type (a ZIP
    laid out as an Office document, in an order filetype does not recognise, is that document)."""
    name = unpacking.name
    where = f"{name} ({path} inside it)" if path else name
    try:
        with zipfile.ZipFile(fp) as archive:
            members = archive.infolist()
            if len(members) > portal_limit("PORTAL_MAX_ARCHIVE_MEMBERS"):
                raise AttachmentRefused(
                    f"{where} holds more than {portal_limit('PORTAL_MAX_ARCHIVE_MEMBERS')} files, so we cannot "
                    "accept it. Send the files in smaller groups."
                )
            for member in members:
                _check_member_entry(member, where=where)
            if content_type == ZIP:
                content_type = _office_type_by_members(archive) or ZIP
            if content_type in OFFICE_TYPES and not _has_office_structure(archive, content_type):
                raise _Damaged
            if not any(not member.is_dir() for member in members):
                raise AttachmentRefused(f"{where} has no files in it.")
            for member in members:
                _check_member(fp, member, content_type, unpacking=unpacking, path=path, depth=depth)
    except (
        _Damaged,
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        struct.error,
        EOFError,
        OSError,
        ValueError,
    ):
        raise AttachmentRefused(
            f"{where} is damaged or incomplete, so we could not check it. Save or download it again, and "
            "send the new copy."
        )
    return content_type


def _check_member_entry(member: zipfile.ZipInfo, *, where: str) -> None:
    """What the archive's index says about a member, refused before anything is unpacked."""
    member_name = member.filename.replace("\\", "/")
    parts = member_name.split("/")
    if member_name.startswith("/") or re.match(r"[A-Za-z]:", member_name) or ".." in parts:
        raise AttachmentRefused(
            f"{where} contains {_shown(member.filename)}, whose name points outside the folder it would be "
            "unpacked into, so we cannot accept it."
        )
    if stat.S_ISLNK(member.external_attr >> 16):
        raise AttachmentRefused(f"{where} contains a link to another file, so we cannot accept it.")
    if member.flag_bits & ENCRYPTED_FLAGS:
        raise AttachmentRefused(f"{where} is password-protected. Send it without a password.")
    if parts[-1].lower() == "vbaproject.bin":
        raise AttachmentRefused(
            f"{where} contains macros, so we cannot accept it. Save it without macros (as .docx, .xlsx or "
            ".pptx) and send it again."
        )
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise AttachmentRefused(
            f"{where} uses a kind of compression we cannot check. Make an ordinary ZIP file and send that instead."
        )


def _office_type_by_members(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names:
        return None
    for part, content_type in (
        ("word/document.xml", DOCX),
        ("xl/workbook.xml", XLSX),
        ("ppt/presentation.xml", PPTX),
    ):
        if part in names:
            return content_type
    return None


def _has_office_structure(archive: zipfile.ZipFile, content_type: str) -> bool:
    names = set(archive.namelist())
    return "mimetype" in names if content_type == ODT else "[Content_Types].xml" in names


def _check_member(fp, member: zipfile.ZipInfo, container_type: str, *, unpacking, path: str, depth: int) -> None:
    head, size = _unpack_member(fp, member, unpacking)
    if member.is_dir() or size == 0:
        return
    where = unpacking.name
    member_path = path + "/" + member.filename if path else member.filename
    shown = _shown(member.filename)
    sniffed = _sniff(head, complete=size <= len(head))
    if sniffed.content_type in OFFICE_TYPES:
        if depth + 1 > MAX_NESTING:
            raise AttachmentRefused(_nested(where, shown))
        with tempfile.SpooledTemporaryFile(max_size=1 * MB) as copy:
            for chunk in _member_chunks(fp, member):  # the same bytes as before, already counted
                copy.write(chunk)
            copy.seek(0)
            _check_container(copy, sniffed.content_type, unpacking=unpacking, path=member_path, depth=depth + 1)
        return
    if sniffed.kind in ("archive", "compressed"):
        raise AttachmentRefused(_nested(where, shown))
    if sniffed.kind == "program":
        raise AttachmentRefused(f"{where} contains {shown}, which looks like a program, so we cannot accept it.")
    # Inside a document, parts are XML, images and so on; only a ZIP from the public is held to the
    # list of files we accept.
    if container_type == ZIP and sniffed.kind not in MEMBER_KINDS:
        reason = f" ({sniffed.reason})" if sniffed.reason else ""
        raise AttachmentRefused(
            f"{where} contains {shown}, which is not a picture, PDF, document or sound/video file we can "
            f"accept{reason}."
        )


def _shown(member_name: str) -> str:
    """A member's path as it may be shown: no control or invisible characters, at most 120 long."""
    shown = "".join(ch for ch in member_name if not unicodedata.category(ch).startswith("C"))
    return shown if len(shown) <= 120 else "…" + shown[-119:]


def _nested(where: str, shown: str) -> str:
    return f"{where} contains {shown}, which is itself a compressed file. Unpack it and send what is inside instead."


def _unpack_member(fp, member: zipfile.ZipInfo, unpacking: _Unpacking) -> tuple[bytes, int]:
    """Unpack a member in full, counting what really comes out; returns its first bytes and size."""
    head = bytearray()
    size = 0
    crc = 0
    for chunk in _member_chunks(fp, member):
        size += len(chunk)
        unpacking.add(len(chunk))
        crc = zlib.crc32(chunk, crc)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
    if size != member.file_size or crc != member.CRC:
        raise _Damaged  # the index does not describe what is really there
    return bytes(head), size


def _member_chunks(fp, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's content, read from its own local header and inflated until the compressed stream
    itself ends, so a size in the index that understates the content changes nothing."""
    fp.seek(member.header_offset)
    header = fp.read(LOCAL_HEADER.size)
    if len(header) != LOCAL_HEADER.size:
        raise _Damaged
    signature, _version, flags, method, _time, _date, _crc, _packed, _size, name_length, extra_length = (
        LOCAL_HEADER.unpack(header)
    )
    if signature != LOCAL_HEADER_SIGNATURE or method != member.compress_type or flags & ENCRYPTED_FLAGS:
        raise _Damaged
    local_name = fp.read(name_length).decode("utf-8" if flags & UTF8_NAME_FLAG else "cp437")
    if local_name != member.orig_filename:
        raise _Damaged  # a tool unpacking by local headers would write a different file
    fp.seek(extra_length, os.SEEK_CUR)
    if method == zipfile.ZIP_STORED:
        left = member.compress_size
        while left > 0:
            chunk = fp.read(min(CHUNK_BYTES, left))
            if not chunk:
                raise _Damaged
            left -= len(chunk)
            yield chunk
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    while not inflater.eof:
        packed = inflater.unconsumed_tail or fp.read(CHUNK_BYTES)
        if not packed:
            raise _Damaged
        chunk = inflater.decompress(packed, CHUNK_BYTES)  # never more than a chunk at a time
        if chunk:
            yield chunk


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
