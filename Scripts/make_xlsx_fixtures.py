#!/usr/bin/env python3
"""Regenerates Tests/XLSXKitTests/Fixtures/*. Needs openpyxl (only here, never at test time).

    python3 Scripts/make_xlsx_fixtures.py
"""
import datetime as dt
import os
import struct
import zipfile

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "XLSXKitTests", "Fixtures")
os.makedirs(OUT, exist_ok=True)
FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def path(name):
    return os.path.join(OUT, name)


# 1. roster.xlsx: written by openpyxl, like a clerk's real file.
wb = openpyxl.Workbook()
wb.properties.created = dt.datetime(2024, 1, 1)
wb.properties.modified = dt.datetime(2024, 1, 1)
ws = wb.active
ws.title = "名册"
ws["A1"] = "明湖区委员名册"
ws.merge_cells("A1:C1")
ws.append(["姓名", "性别", "界别", "联系电话", "活动日期"])
ws.append(["张三", "男", "经济界", 13905710001, dt.date(2024, 3, 5)])
ws.append(["李四", "女", "教育界", 13800138000, dt.datetime(2024, 3, 6, 14, 30)])
ws["E4"].number_format = "yyyy-mm-dd hh:mm"
ws.append([CellRichText([TextBlock(InlineFont(b=True), "王"), "五"]), "男", "  科技界 ", 13512345678, dt.date(2023, 12, 31)])
# row 6 skipped on purpose; row 7 has B empty (skipped column)
ws["A7"] = "赵六"
ws["C7"] = "医卫界"
ws["D7"] = 18600001111
ws["E7"] = dt.date(2024, 2, 29)
ws["E7"].number_format = 'yyyy"年"m"月"d"日"'
ws["F3"] = "=D3+1"

ws2 = wb.create_sheet("活动")
ws2.append(["活动名称", "人数", "比例", "合计", "标记"])
ws2.append(["调研", 3, 3.5, "=B2*C2", True])
ws2.append(["座谈", 12, 0.1 + 0.2, "=SUM(B2:B3)", False])
ws2.append(["金额", -2, 12.5, 7, 1e20])
ws2["C4"].number_format = "0.00_);[Red](0.00)"
ws2["D4"].number_format = '"day"0'
ws2.append(["小数", 1e-7, 1234567.891, 0, ""])
wb.save(path("roster.xlsx"))


# Hand-written parts for what openpyxl cannot produce.
def write_zip(name, parts):
    with zipfile.ZipFile(path(name), "w", zipfile.ZIP_DEFLATED) as z:
        for part_name, text in parts:
            info = zipfile.ZipInfo(part_name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8") if isinstance(text, str) else text)


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""

# Date serials for the calendar cross-check (1900 system), incl. the fake 1900-02-29.
DATE_SERIALS = [1, 2, 31, 59, 60, 61, 367, 10000, 25569, 36526, 43831, 45356, 45657, 60000, 2958465]

# 2. crafted.xlsx: absolute/odd targets, rich shared strings, all cell types, shared formulas,
#    rows/cells without r, custom date formats, pretty-printed XML.
crafted_wb = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{REL}">
  <workbookPr defaultThemeVersion="124226"/>
  <sheets>
    <sheet name="数据" sheetId="3" r:id="rId7"/>
    <sheet name="日期" sheetId="1" r:id="rId8"/>
    <sheet name="空表" sheetId="2" r:id="rId9"/>
  </sheets>
</workbook>"""
crafted_rels = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PKG_REL}">
  <Relationship Id="rId9" Type="{REL}/worksheet" Target="worksheets/../worksheets/empty.xml"/>
  <Relationship Id="rId7" Type="{REL}/worksheet" Target="/xl/worksheets/data_a.xml"/>
  <Relationship Id="rId8" Type="{REL}/worksheet" Target="worksheets/dates.xml"/>
  <Relationship Id="rId2" Type="{REL}/sharedStrings" Target="strings.xml"/>
  <Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>
</Relationships>"""
crafted_sst = f"""<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="{MAIN}" count="7" uniqueCount="7">
  <si><t>普通文本</t></si>
  <si>
    <r><rPr><b/><sz val="11"/></rPr><t>富</t></r>
    <r><t xml:space="preserve">文本 </t></r>
    <r><rPr><i/></rPr><t>结尾</t></r>
    <rPh sb="0" eb="1"><t>フ</t></rPh>
    <phoneticPr fontId="1"/>
  </si>
  <si><t xml:space="preserve">  两端空格  </t></si>
  <si><t>第一行_x000D_
第二行</t></si>
  <si><t/></si>
  <si><t>A&amp;B &lt;c&gt; "q"</t></si>
  <si><t xml:space="preserve"> </t></si>
</sst>"""
crafted_styles = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{MAIN}">
  <numFmts count="5">
    <numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>
    <numFmt numFmtId="165" formatCode="0.00_);[Red](0.00)"/>
    <numFmt numFmtId="166" formatCode="&quot;day&quot;0"/>
    <numFmt numFmtId="167" formatCode="[$-804]yyyy/m/d\\ h:mm;@"/>
    <numFmt numFmtId="168" formatCode="\\d0"/>
  </numFmts>
  <fonts count="1"><font><sz val="11"/></font></fonts>
  <fills count="1"><fill><patternFill patternType="none"/></fill></fills>
  <borders count="1"><border/></borders>
  <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
  <cellXfs count="10">
    <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
    <xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="168" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="20" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment wrapText="1"/></xf>
  </cellXfs>
</styleSheet>"""
crafted_data = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN}" xmlns:r="{REL}">
  <dimension ref="A1:F20"/>
  <sheetData>
    <row r="1">
      <c r="A1" t="s"><v>0</v></c>
      <c r="B1" t="s"><v>1</v></c>
      <c r="D1" t="s"><v>2</v></c>
    </row>
    <row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" t="s"><v>5</v></c><c r="D2" t="s"><v>6</v></c></row>
    <row r="3"><c r="A3" t="inlineStr"><is><r><t>内</t></r><r><rPr><b/></rPr><t>联</t></r></is></c><c r="B3" t="inlineStr"><is><t xml:space="preserve"> 行内 </t></is></c></row>
    <row r="4"><c r="A4" t="str"><f>CONCATENATE("a","b")</f><v>ab</v></c><c r="B4" t="b"><v>1</v></c><c r="C4" t="b"><v>0</v></c><c r="D4" t="e"><v>#N/A</v></c><c r="E4" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>
    <row r="5"><c r="A5"><v>3</v></c><c r="B5"><v>3.5</v></c><c r="C5"><v>13905710001</v></c><c r="D5"><v>1.3905710001E10</v></c><c r="E5"><v>0.30000000000000004</v></c><c r="F5" s="3"><v>-12.5</v></c></row>
    <row r="7" spans="1:6" ht="20" customHeight="1"><c r="B7" s="1"><v>45356</v></c><c r="C7" s="2"><v>45356</v></c><c r="D7" s="5"><v>45356.75</v></c><c r="E7" s="7"><v>45356.5</v></c><c r="F7" s="7"><v>45356</v></c></row>
    <row r="8"><c r="A8" s="4"><v>7</v></c><c r="B8" s="6"><v>8</v></c><c r="C8" s="8"><v>0.75</v></c><c r="D8" s="9"><v>42</v></c><c r="E8" s="1"/><c r="F8" s="0"/></row>
    <row r="10"><c r="A10"><v>1</v></c><c r="B10"><f t="shared" ref="B10:B12" si="0">A10*2</f><v>2</v></c></row>
    <row r="11"><c r="A11"><v>2</v></c><c r="B11"><f t="shared" si="0"/><v>4</v></c></row>
    <row r="12"><c r="A12"><v>3</v></c><c r="B12"><f t="shared" si="5"/><v>6</v></c></row>
    <row><c t="inlineStr"><is><t>无r行</t></is></c><c><v>13</v></c><c r="E13"><v>5</v></c><c><v>6</v></c></row>
    <row><c t="inlineStr"><is><t>再下一行</t></is></c></row>
    <row r="20"><c r="C20" s="1"><v>2958465</v></c></row>
    <row r="21" ht="30" customHeight="1"/>
  </sheetData>
  <mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="D5"/></mergeCells>
  <dataValidations count="1"><dataValidation type="list" sqref="A30"><formula1>"是,否"</formula1></dataValidation></dataValidations>
  <pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>
</worksheet>"""
date_rows = "".join(
    f'<row r="{i + 1}"><c r="A{i + 1}"><v>{s}</v></c><c r="B{i + 1}" s="1"><v>{s}</v></c></row>'
    for i, s in enumerate(DATE_SERIALS)
)
crafted_dates = f"""<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="{MAIN}"><sheetData>{date_rows}</sheetData></worksheet>"""
crafted_empty = f"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData/></worksheet>"""
write_zip("crafted.xlsx", [
    ("[Content_Types].xml", CT),
    ("_rels/.rels", ROOT_RELS),
    ("xl/workbook.xml", crafted_wb),
    ("xl/_rels/workbook.xml.rels", crafted_rels),
    ("xl/strings.xml", crafted_sst),
    ("xl/styles.xml", crafted_styles),
    ("xl/worksheets/data_a.xml", crafted_data),
    ("xl/worksheets/dates.xml", crafted_dates),
    ("xl/worksheets/empty.xml", crafted_empty),
])

# 3. prefixed.xlsx: OpenXML-SDK style x: prefixes, another prefix for r:id, date1904,
#    part names in different case, no styles/sharedStrings parts except what is needed.
prefixed_wb = f"""<?xml version="1.0" encoding="utf-8"?>
<x:workbook xmlns:x="{MAIN}" xmlns:rel="{REL}"><x:workbookPr date1904="true"/><x:sheets><x:sheet name="Sheet A" sheetId="1" rel:id="R1a2b"/></x:sheets></x:workbook>"""
prefixed_rels = f"""<?xml version="1.0" encoding="utf-8"?>
<Relationships xmlns="{PKG_REL}"><Relationship Type="{REL}/worksheet" Target="/xl/worksheets/sheet.xml" Id="R1a2b"/><Relationship Type="{REL}/styles" Target="/xl/styles.xml" Id="R9"/></Relationships>"""
prefixed_styles = f"""<?xml version="1.0" encoding="utf-8"?>
<x:styleSheet xmlns:x="{MAIN}"><x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="14" applyNumberFormat="1"/></x:cellXfs></x:styleSheet>"""
prefixed_sheet = f"""<?xml version="1.0" encoding="utf-8"?>
<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c><x:c r="B1" s="1"><x:v>0</x:v></x:c><x:c r="C1" s="1"><x:v>43894</x:v></x:c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref="A1:A2"/></x:mergeCells></x:worksheet>"""
write_zip("prefixed.xlsx", [
    ("[Content_Types].xml", CT),
    ("_rels/.rels", ROOT_RELS),
    ("xl/workbook.xml", prefixed_wb),
    ("xl/_rels/workbook.xml.rels", prefixed_rels),
    ("xl/Styles.xml", prefixed_styles),
    ("xl/Worksheets/Sheet.xml", prefixed_sheet),
])

# 4. Broken inputs.
with open(path("csv_renamed.xlsx"), "w", encoding="utf-8") as f:
    f.write("姓名,性别,联系电话\n张三,男,13905710001\n")
with open(path("ole_header.xlsx"), "wb") as f:
    f.write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + b"\0" * 504)
with open(path("empty.xlsx"), "wb") as f:
    pass
write_zip("not_excel.xlsx", [("word/document.xml", "<w:document/>"), ("readme.txt", "hello")])
bad_sheet = crafted_data.replace("</row>\n    <row r=\"2\">", "</rw>\n    <row r=\"2\">", 1)
assert bad_sheet != crafted_data
write_zip("damaged_sheet.xlsx", [
    ("[Content_Types].xml", CT),
    ("xl/workbook.xml", crafted_wb),
    ("xl/_rels/workbook.xml.rels", crafted_rels),
    ("xl/strings.xml", crafted_sst),
    ("xl/styles.xml", crafted_styles),
    ("xl/worksheets/data_a.xml", bad_sheet),
    ("xl/worksheets/dates.xml", crafted_dates),
    ("xl/worksheets/empty.xml", crafted_empty),
])
# Cut off mid-way, as an interrupted download or copy would leave it.
write_zip("truncated.xlsx", [
    ("xl/workbook.xml", crafted_wb),
    ("xl/_rels/workbook.xml.rels", crafted_rels),
    ("xl/strings.xml", crafted_sst),
    ("xl/worksheets/data_a.xml", crafted_data[: len(crafted_data) // 2]),
    ("xl/worksheets/dates.xml", crafted_dates),
    ("xl/worksheets/empty.xml", crafted_empty),
])
write_zip("damaged_workbook.xlsx", [("xl/workbook.xml", "<workbook><sheets><sheet name=\"a\"")])

# 5. Zip bombs: one honest about its 210 MB entry, one whose headers claim 1000 bytes.
simple_wb = f"""<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"""
simple_rels = f"""<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"""
big = b" " * (210 * 1024 * 1024)
for name in ("bomb.xlsx", "bomb_lying.xlsx"):
    with zipfile.ZipFile(path(name), "w") as z:
        for part_name, data in [("xl/workbook.xml", simple_wb.encode()), ("xl/_rels/workbook.xml.rels", simple_rels.encode()), ("xl/worksheets/sheet1.xml", big)]:
            info = zipfile.ZipInfo(part_name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data, compresslevel=9)
with open(path("bomb_lying.xlsx"), "r+b") as f:
    blob = bytearray(f.read())
    real = len(big)
    # Patch the uncompressed size in the local header (offset 22) and central directory (offset 24).
    i = blob.find(b"PK\x03\x04xl/worksheets/sheet1.xml"[:4], 0)
    while i != -1:
        name_len = struct.unpack_from("<H", blob, i + 26)[0]
        if blob[i + 30:i + 30 + name_len] == b"xl/worksheets/sheet1.xml":
            assert struct.unpack_from("<I", blob, i + 22)[0] == real
            struct.pack_into("<I", blob, i + 22, 1000)
        i = blob.find(b"PK\x03\x04", i + 4)
    i = blob.find(b"PK\x01\x02")
    while i != -1:
        name_len = struct.unpack_from("<H", blob, i + 28)[0]
        if blob[i + 46:i + 46 + name_len] == b"xl/worksheets/sheet1.xml":
            assert struct.unpack_from("<I", blob, i + 24)[0] == real
            struct.pack_into("<I", blob, i + 24, 1000)
        i = blob.find(b"PK\x01\x02", i + 4)
    f.seek(0)
    f.write(blob)

# Expected calendar values, printed for the test author to compare.
base = dt.date(1899, 12, 30)
for s in DATE_SERIALS:
    print(s, "1900-02-29" if s == 60 else (base + dt.timedelta(days=s + (1 if s < 60 else 0))).isoformat())
print("1904:", dt.date(1904, 1, 1) + dt.timedelta(days=43894))
print("done:", sorted(os.listdir(OUT)))
