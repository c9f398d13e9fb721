// XLSXKit: the shared strings table, read by SAX, and OOXML string escapes.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

extension XLSXWorkbookInfo {
    func loadSharedStrings(package: XLSXPackage) throws -> [String] {
        let part = part(ofType: "/sharedStrings", fallback: "xl/sharedStrings.xml")
        guard let data = try package.data(part) else { return [] }
        let parser = XLSXSharedStringsParser()
        try XLSXSAX.run(data, delegate: parser, part: part, fileName: package.fileName)
        return parser.strings
    }
}

final class XLSXSharedStringsParser: NSObject, XLSXSAXHandler {
    private(set) var strings: [String] = []
    private(set) var finished = false
    let failure: XLSXError? = nil
    private var depth = 0
    private var current = ""
    private var buffer = ""
    private var capturing = false
    private var inPhonetic = false

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        depth += 1
        let elementName = XLSXSAX.localName(elementName)
        switch elementName {
        case "si": current = ""
        case "rPh": inPhonetic = true  // phonetic guide runs are not cell text
        case "t" where !inPhonetic:
            capturing = true
            buffer = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        depth -= 1
        if depth == 0 { finished = true }
        let elementName = XLSXSAX.localName(elementName)
        switch elementName {
        case "t" where capturing:
            current += buffer  // plain <t>, or one rich-text run
            capturing = false
        case "rPh": inPhonetic = false
        case "si": strings.append(XLSXEscaping.unescape(current))
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing { buffer += string }
    }

    func parser(_ parser: XMLParser, foundIgnorableWhitespace whitespaceString: String) {
        if capturing { buffer += whitespaceString }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if capturing { buffer += String(decoding: CDATABlock, as: UTF8.self) }
    }
}

/// OOXML strings escape characters as _xHHHH_ (Excel writes CR as _x000D_).
enum XLSXEscaping {
    static func unescape(_ s: String) -> String {
        guard s.utf8.contains(0x5F) else { return s }
        let units = Array(s.utf16)
        var out: [UInt16] = []
        out.reserveCapacity(units.count)
        var i = 0
        var changed = false
        while i < units.count {
            if units[i] == 0x5F, i + 6 < units.count, units[i + 1] == 0x78, units[i + 6] == 0x5F,
               let v = hex4(units[i + 2 ... i + 5]) {
                out.append(v)
                i += 7
                changed = true
            } else {
                out.append(units[i])
                i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF16.self) : s
    }

    static func hex4(_ units: ArraySlice<UInt16>) -> UInt16? {
        var v: UInt16 = 0
        for u in units {
            switch u {
            case 0x30...0x39: v = v << 4 | (u - 0x30)
            case 0x41...0x46: v = v << 4 | (u - 0x37)
            case 0x61...0x66: v = v << 4 | (u - 0x57)
            default: return nil
            }
        }
        return v
    }
}
