"""Build templates/reference.docx, the Word styles of the rendered documents.

Pandoc takes the styles, page set-up, header and footer of the documents it
writes from a "reference document". This script starts from pandoc's own
(`pandoc --print-default-data-file reference.docx`, the pandoc bundled with
the pypandoc-binary wheel) and makes it fit a French administration:

- A4 portrait, 2 cm side margins, 2.5 cm top and bottom;
- one sober font (Arial, which every office laptop has) in dark grey, headings
  in bold navy, 11 pt body text, French language and proofing;
- tables with thin grey borders and a shaded, bold header row that repeats
  on each page;
- boxed "Block Text" paragraphs (the glossary boxes of the plans);
- a header with the college's name and a footer "Page N sur M".

The header shows the document's *subject*, which collegekit sets to the
college's name (a SUBJECT field, whose shown value collegekit also writes, so
that Word displays it without updating fields).

Run it again after changing it, and commit the resulting reference.docx:

    .venv/bin/python templates/make_reference_docx.py

The output is the same bytes for the same pandoc: zip entries keep a fixed
date. A college that prefers its own look copies reference.docx into its own
templates/ folder and edits the styles in Word (Accueil > Styles).
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = {
    "w": W,
    "r": R,
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "o": "urn:schemas-microsoft-com:office:office",
    "v": "urn:schemas-microsoft-com:vml",
    "w10": "urn:schemas-microsoft-com:office:word",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
}
for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)

OUTPUT = Path(__file__).with_name("reference.docx")
FIXED_DATE = (2025, 1, 1, 0, 0, 0)

FONT = "Arial"
TEXT_COLOUR = "262626"
HEADING_COLOUR = "1F3864"
BORDER_COLOUR = "8C8C8C"
HEADER_FILL = "E7E9EE"
BOX_FILL = "F2F2F2"

_DECLARATIONS = f'xmlns:w="{W}" xmlns:r="{R}"'


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def fragment(xml: str) -> ET.Element:
    return ET.fromstring(f"<w:root {_DECLARATIONS}>{xml}</w:root>")[0]


def colour(value: str) -> str:
    return f'<w:color w:val="{value}" />'


def fonts(size_half_points: int, *extra: str) -> str:
    return (
        f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}" />'
        + "".join(extra)
        + f'<w:sz w:val="{size_half_points}" /><w:szCs w:val="{size_half_points}" />'
    )


# Paragraph and run properties of the styles pandoc uses, by style id.
STYLES: dict[str, tuple[str | None, str | None]] = {
    "BodyText": ('<w:pPr><w:spacing w:before="0" w:after="120" w:line="264" w:lineRule="auto" /></w:pPr>', None),
    "Compact": ('<w:pPr><w:spacing w:before="20" w:after="20" w:line="252" w:lineRule="auto" /></w:pPr>', None),
    "Title": (
        '<w:pPr><w:spacing w:before="0" w:after="240" /><w:jc w:val="left" />'
        f'<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="6" w:color="{HEADING_COLOUR}" /></w:pBdr></w:pPr>',
        f'<w:rPr>{fonts(36, "<w:b /><w:bCs />", colour(HEADING_COLOUR))}</w:rPr>',
    ),
    "Subtitle": (
        '<w:pPr><w:spacing w:before="0" w:after="240" /><w:jc w:val="left" /></w:pPr>',
        f'<w:rPr>{fonts(26, colour(HEADING_COLOUR))}</w:rPr>',
    ),
    "Heading1": (
        '<w:pPr><w:keepNext /><w:keepLines /><w:spacing w:before="360" w:after="120" /><w:outlineLvl w:val="0" /></w:pPr>',
        f'<w:rPr>{fonts(28, "<w:b /><w:bCs />", colour(HEADING_COLOUR))}</w:rPr>',
    ),
    "Heading2": (
        '<w:pPr><w:keepNext /><w:keepLines /><w:spacing w:before="240" w:after="80" /><w:outlineLvl w:val="1" /></w:pPr>',
        f'<w:rPr>{fonts(24, "<w:b /><w:bCs />", colour(HEADING_COLOUR))}</w:rPr>',
    ),
    "Heading3": (
        '<w:pPr><w:keepNext /><w:keepLines /><w:spacing w:before="200" w:after="60" /><w:outlineLvl w:val="2" /></w:pPr>',
        f'<w:rPr>{fonts(22, "<w:b /><w:bCs />", colour(TEXT_COLOUR))}</w:rPr>',
    ),
    "Heading4": (
        '<w:pPr><w:keepNext /><w:keepLines /><w:spacing w:before="160" w:after="40" /><w:outlineLvl w:val="3" /></w:pPr>',
        f'<w:rPr>{fonts(22, "<w:b /><w:bCs /><w:i /><w:iCs />", colour(TEXT_COLOUR))}</w:rPr>',
    ),
    "BlockText": (
        '<w:pPr><w:spacing w:before="120" w:after="120" /><w:ind w:left="227" w:right="227" w:firstLine="0" />'
        f'<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="{BORDER_COLOUR}" />'
        f'<w:left w:val="single" w:sz="18" w:space="8" w:color="{HEADING_COLOUR}" />'
        f'<w:bottom w:val="single" w:sz="4" w:space="4" w:color="{BORDER_COLOUR}" />'
        f'<w:right w:val="single" w:sz="4" w:space="8" w:color="{BORDER_COLOUR}" /></w:pBdr>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{BOX_FILL}" /></w:pPr>',
        f'<w:rPr>{fonts(20)}</w:rPr>',
    ),
    "Hyperlink": (None, f'<w:rPr><w:color w:val="{HEADING_COLOUR}" /><w:u w:val="single" /></w:rPr>'),
    "FootnoteText": (None, f'<w:rPr>{fonts(18)}</w:rPr>'),
}

TABLE_STYLE = f"""<w:style w:type="table" w:default="1" w:styleId="Table">
  <w:name w:val="Table" />
  <w:basedOn w:val="TableNormal" />
  <w:uiPriority w:val="59" />
  <w:qFormat />
  <w:pPr><w:spacing w:before="20" w:after="20" /></w:pPr>
  <w:rPr>{fonts(20)}</w:rPr>
  <w:tblPr>
    <w:tblInd w:w="0" w:type="dxa" />
    <w:tblBorders>
      <w:top w:val="single" w:sz="4" w:space="0" w:color="{BORDER_COLOUR}" />
      <w:left w:val="single" w:sz="4" w:space="0" w:color="{BORDER_COLOUR}" />
      <w:bottom w:val="single" w:sz="4" w:space="0" w:color="{BORDER_COLOUR}" />
      <w:right w:val="single" w:sz="4" w:space="0" w:color="{BORDER_COLOUR}" />
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="{BORDER_COLOUR}" />
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="{BORDER_COLOUR}" />
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="40" w:type="dxa" />
      <w:left w:w="100" w:type="dxa" />
      <w:bottom w:w="40" w:type="dxa" />
      <w:right w:w="100" w:type="dxa" />
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b /><w:bCs /></w:rPr>
    <w:tcPr>
      <w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}" />
      <w:vAlign w:val="bottom" />
    </w:tcPr>
  </w:tblStylePr>
</w:style>"""

HEADER_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr {_DECLARATIONS}>
  <w:p>
    <w:pPr>
      <w:pStyle w:val="Header" />
      <w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="{BORDER_COLOUR}" /></w:pBdr>
      <w:jc w:val="left" />
    </w:pPr>
    <w:fldSimple w:instr=" SUBJECT \\* MERGEFORMAT "><w:r><w:t>Collège</w:t></w:r></w:fldSimple>
  </w:p>
</w:hdr>
"""

FOOTER_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr {_DECLARATIONS}>
  <w:p>
    <w:pPr><w:pStyle w:val="Footer" /><w:jc w:val="center" /></w:pPr>
    <w:r><w:t xml:space="preserve">Page </w:t></w:r>
    <w:fldSimple w:instr=" PAGE \\* MERGEFORMAT "><w:r><w:t>1</w:t></w:r></w:fldSimple>
    <w:r><w:t xml:space="preserve"> sur </w:t></w:r>
    <w:fldSimple w:instr=" NUMPAGES \\* MERGEFORMAT "><w:r><w:t>1</w:t></w:r></w:fldSimple>
  </w:p>
</w:ftr>
"""

HEADER_FOOTER_STYLES = f"""<w:style w:type="paragraph" w:styleId="Header">
  <w:name w:val="header" />
  <w:basedOn w:val="Normal" />
  <w:uiPriority w:val="99" />
  <w:unhideWhenUsed />
  <w:pPr><w:tabs><w:tab w:val="center" w:pos="4819" /><w:tab w:val="right" w:pos="9638" /></w:tabs>
    <w:spacing w:after="0" /></w:pPr>
  <w:rPr>{fonts(16, '<w:color w:val="595959" />')}</w:rPr>
</w:style>
<w:style w:type="paragraph" w:styleId="Footer">
  <w:name w:val="footer" />
  <w:basedOn w:val="Normal" />
  <w:uiPriority w:val="99" />
  <w:unhideWhenUsed />
  <w:pPr><w:tabs><w:tab w:val="center" w:pos="4819" /><w:tab w:val="right" w:pos="9638" /></w:tabs>
    <w:spacing w:after="0" /></w:pPr>
  <w:rPr>{fonts(16, '<w:color w:val="595959" />')}</w:rPr>
</w:style>"""

# A4 portrait (in twentieths of a point): 21 x 29.7 cm, margins 2 and 2.5 cm.
SECTION = f"""<w:sectPr {_DECLARATIONS}>
  <w:headerReference w:type="default" r:id="rIdCkHeader" />
  <w:footerReference w:type="default" r:id="rIdCkFooter" />
  <w:footnotePr><w:numRestart w:val="eachSect" /></w:footnotePr>
  <w:pgSz w:w="11906" w:h="16838" />
  <w:pgMar w:top="1418" w:right="1134" w:bottom="1418" w:left="1134" w:header="709" w:footer="709" w:gutter="0" />
  <w:cols w:space="708" />
</w:sectPr>"""

RELATIONSHIPS = (
    '<Relationship Id="rIdCkHeader" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml" />'
    '<Relationship Id="rIdCkFooter" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml" />'
)
CONTENT_TYPES = (
    '<Override PartName="/word/header1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml" />'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml" />'
)


def pandoc_default_reference() -> bytes:
    import pypandoc

    return subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        check=True,
        capture_output=True,
    ).stdout


def serialise(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + ET.tostring(root, encoding="utf-8")


def restyle(styles_xml: bytes) -> bytes:
    root = ET.fromstring(styles_xml)
    defaults = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    assert defaults is not None
    for child in list(defaults):
        defaults.remove(child)
    for element in fragment(
        f"<w:rPr>{fonts(22, colour(TEXT_COLOUR))}"
        '<w:lang w:val="fr-FR" w:eastAsia="fr-FR" w:bidi="ar-SA" /></w:rPr>'
    ):
        defaults.append(element)
    paragraph_defaults = root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")
    assert paragraph_defaults is not None
    for child in list(paragraph_defaults):
        paragraph_defaults.remove(child)
    paragraph_defaults.append(fragment('<w:spacing w:after="120" w:line="264" w:lineRule="auto" />'))

    by_id = {style.get(w("styleId")): style for style in root.findall(w("style"))}
    for style_id, (paragraph, run) in STYLES.items():
        style = by_id[style_id]
        for tag, replacement in ((w("pPr"), paragraph), (w("rPr"), run)):
            if replacement is None:
                continue
            old = style.find(tag)
            new = fragment(replacement)
            if old is None:
                style.append(new)
            else:
                style[list(style).index(old)] = new
        # Headings are shown in the style gallery, not hidden.
        for hidden in style.findall(w("semiHidden")):
            style.remove(hidden)
    # Character styles linked to the headings and the title follow them.
    for char_id, paragraph_id in (("TitleChar", "Title"), *((f"Heading{n}Char", f"Heading{n}") for n in range(1, 5))):
        char_style, source = by_id.get(char_id), by_id[paragraph_id]
        run = source.find(w("rPr"))
        if char_style is not None and run is not None:
            old = char_style.find(w("rPr"))
            if old is not None:
                char_style.remove(old)
            char_style.append(fragment(ET.tostring(run, encoding="unicode")))

    old_table = by_id["Table"]
    root[list(root).index(old_table)] = fragment(TABLE_STYLE)
    for style in fragment(f"<w:styles>{HEADER_FOOTER_STYLES}</w:styles>"):
        root.append(style)
    return serialise(root)


def with_header_and_page_setup(document_xml: bytes) -> bytes:
    root = ET.fromstring(document_xml)
    body = root.find(w("body"))
    assert body is not None
    old = body.find(w("sectPr"))
    assert old is not None
    body[list(body).index(old)] = fragment(SECTION)
    return serialise(root)


def french_settings(settings_xml: bytes) -> bytes:
    text = settings_xml.decode("utf-8")
    text = text.replace('<w:themeFontLang w:val="en-US" />', '<w:themeFontLang w:val="fr-FR" />')
    text = text.replace('<w:decimalSymbol w:val="." />', '<w:decimalSymbol w:val="," />')
    text = text.replace('<w:listSeparator w:val="," />', '<w:listSeparator w:val=";" />')
    return text.encode("utf-8")


def build(default: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(default))
    parts = {name: source.read(name) for name in source.namelist()}
    parts["word/styles.xml"] = restyle(parts["word/styles.xml"])
    parts["word/document.xml"] = with_header_and_page_setup(parts["word/document.xml"])
    parts["word/settings.xml"] = french_settings(parts["word/settings.xml"])
    parts["word/header1.xml"] = HEADER_XML.encode("utf-8")
    parts["word/footer1.xml"] = FOOTER_XML.encode("utf-8")
    relationships = parts["word/_rels/document.xml.rels"].decode("utf-8")
    parts["word/_rels/document.xml.rels"] = relationships.replace(
        "</Relationships>", RELATIONSHIPS + "</Relationships>"
    ).encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = types.replace("</Types>", CONTENT_TYPES + "</Types>").encode("utf-8")

    output = io.BytesIO()
    # [Content_Types].xml first, as Word expects; then a fixed order and date.
    names = ["[Content_Types].xml", *sorted(name for name in parts if name != "[Content_Types].xml")]
    with zipfile.ZipFile(output, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, parts[name])
    return output.getvalue()


def main() -> int:
    data = build(pandoc_default_reference())
    OUTPUT.write_bytes(data)
    print(f"{OUTPUT} écrit ({len(data)} octets)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
