internal import CPangoCairo
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Smaller copies of the faces printouts are set in. Noto Serif CJK SC comes as collections of 65,000 CFF glyphs
/// (25 MB a weight); when cairo embeds the glyphs a PDF used it copies the face's whole CFF table (24 MB) and reads
/// every page of the mapped file doing so — about 50 MB a weight, however few pages were printed (issue 24). A copy
/// of each weight with only the characters of GB 2312, Latin and the usual punctuation and symbols (10,117
/// characters, 5 MB; harfbuzz's subsetter keeps their outlines, metrics and layout tables) is made once a machine,
/// kept in the user's cache directory, and put first in the families under a name of its own; a text with a
/// character it lacks (a rare character in a name) is set in the full faces, as before. The glyphs drawn are the
/// same, as are the PDF's font names and text.
enum FontSubsets {
    /// The family the copies are known by to fontconfig (the PDF names each by its PostScript name, as before).
    static let family = "StudioDesk Noto Serif CJK SC"
    static let source = "Noto Serif CJK SC"
    /// Bumped when the characters kept change: older copies are then not used.
    static let version = 1

    /// `PDFDocument.fontFamilies` with the copies first, once they are made and registered (once a process);
    /// the plain families where they cannot be (no writable cache, no Noto face, a subsetter failure).
    static let families: String = register() ? "\(family), \(PDFDocument.fontFamilies)" : PDFDocument.fontFamilies

    /// The characters kept: printable Latin and its supplements, general punctuation to dingbats (①, □, ☑, →),
    /// CJK punctuation, full-width forms, and GB 2312 (its 6,763 汉字 and symbols).
    static func characters() -> [ClosedRange<UInt32>] {
        var out: [ClosedRange<UInt32>] = [0x20...0x2FF, 0x2000...0x27BF, 0x3000...0x303F, 0xFF00...0xFFEF]
        let cd = iconv_open("UTF-32LE", "GB2312")
        guard cd != iconv_t(bitPattern: -1) else { return out }
        defer { iconv_close(cd) }
        for hi in UInt8(0xA1)...0xF7 {
            for lo in UInt8(0xA1)...0xFE {
                var input: [CChar] = [CChar(bitPattern: hi), CChar(bitPattern: lo)]
                var scalar: UInt32 = 0
                let ok = input.withUnsafeMutableBufferPointer { inBuf -> Bool in
                    withUnsafeMutableBytes(of: &scalar) { outBuf -> Bool in
                        var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                        var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress!.assumingMemoryBound(to: CChar.self)
                        var inLeft = 2, outLeft = 4
                        return iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1
                    }
                }
                if ok && scalar > 0x2FF { out.append(scalar...scalar) }
            }
        }
        return out
    }

    /// `characters()` as a bitmap of the Basic Multilingual Plane (8 KB), for `covers`.
    static let kept: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        for r in characters() { for c in r where c < 0x10000 { bits[Int(c) >> 6] |= 1 << (c & 63) } }
        return bits
    }()

    /// Whether every character of `text` is in the copies (or a line break). A text with one that is not is set in
    /// the full faces whole: a font change inside a text is a word break to text extractors (pdftotext), so the
    /// PDF's text stays what it was with the full faces.
    static func covers(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { s in
            let c = s.value
            return c == 0x0A || c == 0x0D || c == 0x09 || (c < 0x10000 && kept[Int(c) >> 6] & (1 << (c & 63)) != 0)
        }
    }

    /// Where the copies are kept: $XDG_CACHE_HOME/studiodesk/fonts, else ~/.cache/studiodesk/fonts.
    static func directory() -> String? {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? env["HOME"].map { "\($0)/.cache" }
        return base.map { "\($0)/studiodesk/fonts" }
    }

    /// The file and face index fontconfig gives for the Noto face of this weight, if it is that face.
    static func locate(bold: Bool) -> (file: String, index: Int32)? {
        guard let pattern = FcNameParse("\(source):weight=\(bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR)") else { return nil }
        defer { FcPatternDestroy(pattern) }
        FcConfigSubstitute(nil, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)
        var result = FcResultNoMatch
        guard let match = FcFontMatch(nil, pattern, &result) else { return nil }
        defer { FcPatternDestroy(match) }
        var family: UnsafeMutablePointer<FcChar8>?
        var file: UnsafeMutablePointer<FcChar8>?
        var index: Int32 = 0
        var weight: Int32 = 0
        guard FcPatternGetString(match, FC_FAMILY, 0, &family) == FcResultMatch, let family,
              String(cString: family) == source,
              FcPatternGetInteger(match, FC_WEIGHT, 0, &weight) == FcResultMatch, weight == (bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR),
              FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch, let file,
              FcPatternGetInteger(match, FC_INDEX, 0, &index) == FcResultMatch else { return nil }
        return (String(cString: file), index)
    }

    /// The kept copy of a face, made now if there is none for this version of the file.
    static func copy(of face: (file: String, index: Int32), in dir: String) -> String? {
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: face.file),
              let size = attrs[.size] as? Int, let modified = attrs[.modificationDate] as? Date else { return nil }
        let name = ((face.file as NSString).lastPathComponent as NSString).deletingPathExtension
        let path = "\(dir)/\(name)-\(face.index)-\(size)-\(Int(modified.timeIntervalSince1970))-gb2312-v\(version).otf"
        if FileManager.default.fileExists(atPath: path) { return path }
        guard (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil,
              let data = subset(face) else { return nil }
        // Made beside and moved in whole: another process making the same copy at once replaces it with the same bytes.
        let temp = "\(path).\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temp, contents: data), rename(temp, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temp)
            return nil
        }
        return path
    }

    /// harfbuzz's subset of the face to `characters()`, as an OpenType file's bytes.
    static func subset(_ face: (file: String, index: Int32)) -> Data? {
        guard let blob = hb_blob_create_from_file_or_fail(face.file) else { return nil }
        defer { hb_blob_destroy(blob) }
        guard let source = hb_face_create(blob, UInt32(face.index)) else { return nil }
        defer { hb_face_destroy(source) }
        guard let input = hb_subset_input_create_or_fail() else { return nil }
        defer { hb_subset_input_destroy(input) }
        let set = hb_subset_input_unicode_set(input)
        for r in characters() { hb_set_add_range(set, r.lowerBound, r.upperBound) }
        guard let made = hb_subset_or_fail(source, input) else { return nil }
        defer { hb_face_destroy(made) }
        guard let out = hb_face_reference_blob(made) else { return nil }
        defer { hb_blob_destroy(out) }
        var length: UInt32 = 0
        guard let bytes = hb_blob_get_data(out, &length), length > 0 else { return nil }
        return Data(bytes: bytes, count: Int(length))
    }

    /// Makes (or finds) both weights' copies and gives them to fontconfig under `family`; false when either fails.
    static func register() -> Bool {
        guard let dir = directory() else { return false }
        var files: [String] = []
        for bold in [false, true] {
            guard let face = locate(bold: bold), let file = copy(of: face, in: dir) else { return false }
            files.append(file)
        }
        for file in files {
            guard FcConfigAppFontAddFile(nil, file) == FcTrue, let set = FcConfigGetFonts(nil, FcSetApplication),
                  set.pointee.nfont > 0, let added = set.pointee.fonts[Int(set.pointee.nfont) - 1] else { return false }
            // Under a family of its own: with the same family as the full face, fontconfig could pick either.
            FcPatternDel(added, FC_FAMILY)
            FcPatternAddString(added, FC_FAMILY, family)
        }
        // Pango's font map may have listed the fonts already (OfficialFonts): it looks again.
        if let map = pango_cairo_font_map_get_default() {
            pango_fc_font_map_config_changed(OpaquePointer(map))
        }
        return true
    }

    /// The copies made (or found) now rather than at the first printout: making them reads both full faces whole
    /// (about 1.5 s and 100 MB each, once a machine).
    static func prepare() { _ = families }
}
