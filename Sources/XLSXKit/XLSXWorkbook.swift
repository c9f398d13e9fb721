// XLSXKit: the workbook part and relationships (small parts, read with XMLCoder).
import Foundation
import XMLCoder

// MARK: - Small parts (XMLCoder)

/// Matches any attribute or element key, so prefixed names ("r:id", "rel:id") can be found.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

private struct WorkbookXML: Decodable {
    var workbookPr: WorkbookPr?
    var sheets: Sheets?
    struct WorkbookPr: Decodable { var date1904: String? }
    struct Sheets: Decodable { var sheet: [SheetXML] }
}

private struct SheetXML: Decodable {
    var name: String
    var relId: String?
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        name = try c.decodeIfPresent(String.self, forKey: AnyKey("name")) ?? ""
        relId = nil
        // The relationships namespace prefix is usually "r" but not always.
        for key in c.allKeys where key.stringValue == "id" || key.stringValue.hasSuffix(":id") {
            relId = try c.decode(String.self, forKey: key)
        }
    }
}

private struct RelationshipsXML: Decodable {
    var relationship: [Rel]
    enum CodingKeys: String, CodingKey { case relationship = "Relationship" }
    struct Rel: Decodable {
        var id: String?
        var type: String?
        var target: String?
        enum CodingKeys: String, CodingKey { case id = "Id", type = "Type", target = "Target" }
    }
}

func decodePart<T: Decodable>(_ type: T.Type, _ data: Data, part: String, fileName: String) throws -> T {
    let decoder = XMLDecoder(trimValueWhitespaces: false)
    decoder.shouldProcessNamespaces = true  // "x:sheet" and "sheet" decode alike
    do {
        return try decoder.decode(type, from: data)
    } catch {
        throw XLSXError("「\(fileName)」已损坏：\(part) 的内容无法解析。请用 Excel 或 WPS 打开后重新保存为 .xlsx。")
    }
}

struct XLSXRelationship {
    var id: String
    var type: String
    var target: String
}

private func loadRels(_ package: XLSXPackage, for part: String) throws -> [XLSXRelationship] {
    let relsPart = XLSXPackage.relsPath(for: part)
    guard let data = try package.data(relsPart) else { return [] }
    let rels = try decodePart(RelationshipsXML.self, data, part: relsPart, fileName: package.fileName)
    return rels.relationship.compactMap { r in
        guard let id = r.id, let target = r.target else { return nil }
        return XLSXRelationship(id: id, type: r.type ?? "", target: target)
    }
}

struct XLSXWorkbookInfo {
    var partPath: String
    var sheets: [(name: String, relId: String?)]
    var rels: [XLSXRelationship]
    var date1904: Bool

    init(package: XLSXPackage) throws {
        let fileName = package.fileName
        // The main part is named by _rels/.rels; xl/workbook.xml is the usual fallback.
        var main = "xl/workbook.xml"
        if let office = try loadRels(package, for: "").first(where: { $0.type.hasSuffix("/officeDocument") }) {
            let resolved = XLSXPackage.resolve(office.target, from: "")
            if package.contains(resolved) { main = resolved }
        }
        guard let data = try package.data(main) else {
            if package.contains("xl/workbook.bin") {
                throw XLSXError("「\(fileName)」是 Excel 二进制工作簿（.xlsb）格式，请在 Excel 中另存为 .xlsx 后再导入。")
            }
            throw XLSXError("「\(fileName)」不是 Excel 工作簿：压缩包中缺少 xl/workbook.xml（可能是 Word、PowerPoint 或其他压缩文件）。")
        }
        partPath = main
        let xml = try decodePart(WorkbookXML.self, data, part: main, fileName: fileName)
        sheets = (xml.sheets?.sheet ?? []).map { ($0.name, $0.relId) }
        let flag = xml.workbookPr?.date1904?.lowercased()
        date1904 = flag == "1" || flag == "true"
        rels = try loadRels(package, for: main)
        if sheets.isEmpty {
            throw XLSXError("「\(fileName)」中没有任何工作表。")
        }
    }

    func sheetIndex(for wanted: String?, fileName: String) throws -> Int {
        guard let wanted else { return 0 }
        if let i = sheets.firstIndex(where: { $0.name == wanted }) { return i }
        let trimmed = wanted.trimmingCharacters(in: .whitespacesAndNewlines)
        if let i = sheets.firstIndex(where: {
            $0.name.trimmingCharacters(in: .whitespacesAndNewlines).caseInsensitiveCompare(trimmed) == .orderedSame
        }) { return i }
        let list = sheets.enumerated().map { "\($0.offset + 1).\($0.element.name)" }.joined(separator: "、")
        if let n = Int(trimmed) {
            if n >= 1 && n <= sheets.count { return n - 1 }
            throw XLSXError("「\(fileName)」只有 \(sheets.count) 个工作表，没有第 \(n) 个。现有工作表：\(list)。")
        }
        throw XLSXError("「\(fileName)」中没有名为“\(wanted)”的工作表。现有工作表：\(list)。")
    }

    func part(ofType suffix: String, fallback: String) -> String {
        if let rel = rels.first(where: { $0.type.hasSuffix(suffix) }) {
            return XLSXPackage.resolve(rel.target, from: partPath)
        }
        return fallback
    }
}
