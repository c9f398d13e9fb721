internal import CPangoCairo
import Foundation
import StudioCore

/// A PDF that cannot be written, with a message for the clerk.
public struct PDFError: Error, Equatable, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ text: String) { description = text }
}

/// Text style: size in points, bold or regular; a family of its own (else the document's Noto faces) and the
/// space added between characters (negative to fit the official page's 28 characters a line).
public struct PDFFont: Hashable, Sendable {
    public var size: Double
    public var bold: Bool
    public var family: String?
    public var letterSpacing: Double

    public init(size: Double, bold: Bool = false, family: String? = nil, letterSpacing: Double = 0) {
        self.size = size
        self.bold = bold
        self.family = family
        self.letterSpacing = letterSpacing
    }

    public static let body = PDFFont(size: 10.5)
    public static let small = PDFFont(size: 9)
    public static let title = PDFFont(size: 16, bold: true)
}

public enum TextAlign: Hashable, Sendable { case left, center, right }
public enum VerticalAlign: Sendable { case top, middle, bottom }

/// An A4 PDF drawn with cairo; Chinese text is laid out and wrapped by pango
/// in "Noto Serif CJK SC" (falling back to "Noto Sans CJK SC"), embedded as a subset.
public final class PDFDocument {
    public static let pageWidth = 595.0
    public static let pageHeight = 842.0
    public static let fontFamilies = "Noto Serif CJK SC, Noto Sans CJK SC"
    /// Inner padding of table cells.
    public static let padding = 4.0

    public let path: String
    /// Pages finished so far (endPage calls).
    public private(set) var pageCount = 0
    private var surface: OpaquePointer?
    private var cr: OpaquePointer?
    private var pango: OpaquePointer?
    private var pageHasContent = false

    /// Laid-out text kept for reuse: 300 scorecards repeat the same item texts and headings, and shaping them
    /// (pango and harfbuzz) was most of the printing. What is kept is bounded, not the document: a layout holds its
    /// lines and glyphs (about 5 KB for a scorecard's evidence cell), and keeping up to 5,000 of them — every text,
    /// since a cell is measured before it is drawn — was about 27 MB of a 297-sheet print.
    private struct LayoutKey: Hashable {
        var text: String
        var width: Double?
        var font: PDFFont
        var align: TextAlign
    }
    /// Layouts of texts drawn more than once (the items, headings and points every sheet repeats).
    private var layouts: [LayoutKey: OpaquePointer] = [:]
    private var drawnOnce = Generations<LayoutKey, Void>(limit: 4_000)
    private static let maxKeptLayouts = 1_000
    /// The last layouts made, so that a cell measured and then drawn is shaped once; the oldest go first.
    private var recent: [LayoutKey: OpaquePointer] = [:]
    private var recentOrder: [LayoutKey] = []
    private var recentStart = 0
    private static let maxRecent = 512
    /// Sizes of texts measured: the pages are laid out twice (counted, then drawn), and a size is 16 bytes.
    private var sizes = Generations<LayoutKey, (width: Double, height: Double)>(limit: 8_000)

    /// Opens `path` for writing; an unwritable path is a PDFError naming it. The file is made owner-only
    /// first (cairo keeps the mode of the file it truncates), like every file the program writes.
    public init(path: String, title: String = "") throws {
        self.path = path
        do { try PrivateFile.create(path) } catch {
            throw PDFError("无法写入文件 \(path)（目录不存在或没有写权限）")
        }
        let s = cairo_pdf_surface_create(path, Self.pageWidth, Self.pageHeight)
        guard let s, cairo_surface_status(s) == CAIRO_STATUS_SUCCESS else {
            if let s { cairo_surface_destroy(s) }
            throw PDFError("无法写入文件 \(path)")
        }
        if !title.isEmpty { cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title) }
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "StudioDesk")
        surface = s
        cr = cairo_create(s)
        pango = pango_cairo_create_context(cr)
        // Font sizes are in points: one pango unit per PDF point.
        pango_cairo_context_set_resolution(pango, 72)
        cairo_set_source_rgb(cr, 0, 0, 0)
    }

    /// Makes the smaller copies of the Noto faces now, if they are not kept yet (once a machine), rather than at the
    /// first printout: making them reads both full faces whole (FontSubsets).
    public static func prepareFonts() { FontSubsets.prepare() }

    /// False: the full Noto faces, as before the copies (tests compare the two; the output is the same).
    nonisolated(unsafe) static var usesFontCopies = true

    deinit {
        releaseLayouts()
        if let pango { g_object_unref(UnsafeMutableRawPointer(pango)) }
        if let cr { cairo_destroy(cr) }
        if let surface { cairo_surface_destroy(surface) }
    }

    // MARK: - Text

    private func releaseLayouts() {
        for l in layouts.values { g_object_unref(UnsafeMutableRawPointer(l)) }
        for l in recent.values { g_object_unref(UnsafeMutableRawPointer(l)) }
        layouts = [:]
        recent = [:]
        recentOrder = []
        recentStart = 0
        drawnOnce.removeAll()
        sizes.removeAll()
    }

    /// A layout of `text` (retained: the caller releases it): a kept one, a recent one, or a new one (then recent).
    /// `drawn`: a text drawn the second time is kept.
    private func layout(_ text: String, width: Double?, font: PDFFont, align: TextAlign, drawn: Bool = false) -> OpaquePointer {
        let key = LayoutKey(text: text, width: width, font: font, align: align)
        if let kept = layouts[key] {
            _ = g_object_ref(UnsafeMutableRawPointer(kept))
            return kept
        }
        let made = recent[key] ?? remember(key, newLayout(text, width: width, font: font, align: align))
        if drawn && layouts.count < Self.maxKeptLayouts {
            if drawnOnce[key] != nil {
                _ = g_object_ref(UnsafeMutableRawPointer(made))
                layouts[key] = made
            } else {
                drawnOnce[key] = ()
            }
        }
        _ = g_object_ref(UnsafeMutableRawPointer(made))
        return made
    }

    /// Puts a new layout among the recent ones (which own it), letting the oldest go when they are full.
    private func remember(_ key: LayoutKey, _ made: OpaquePointer) -> OpaquePointer {
        if recentOrder.count < Self.maxRecent {
            recentOrder.append(key)
        } else {
            let oldest = recentOrder[recentStart]
            if let l = recent.removeValue(forKey: oldest) { g_object_unref(UnsafeMutableRawPointer(l)) }
            recentOrder[recentStart] = key
            recentStart = (recentStart + 1) % Self.maxRecent
        }
        recent[key] = made
        return made
    }

    private func newLayout(_ text: String, width: Double?, font: PDFFont, align: TextAlign) -> OpaquePointer {
        let layout = pango_layout_new(pango)!
        // A family of its own keeps the Noto faces behind it for any character it lacks.
        // The Noto faces through their smaller copies where those are made and hold the text (FontSubsets): the same glyphs.
        let families = font.family.map { "\($0), \(Self.fontFamilies)" }
            ?? (Self.usesFontCopies && FontSubsets.covers(text) ? FontSubsets.families : Self.fontFamilies)
        let desc = pango_font_description_from_string("\(families) \(font.bold ? "Bold " : "")\(font.size)")
        pango_layout_set_font_description(layout, desc)
        pango_font_description_free(desc)
        if font.letterSpacing != 0, let attrs = pango_attr_list_new() {
            pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(Int32((font.letterSpacing * Double(PANGO_SCALE)).rounded())))
            pango_layout_set_attributes(layout, attrs)
            pango_attr_list_unref(attrs)
        }
        if let width {
            pango_layout_set_width(layout, Int32((max(width, 1) * Double(PANGO_SCALE)).rounded(.down)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        }
        switch align {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        pango_layout_set_text(layout, text, -1)
        return layout
    }

    /// Width and height the text takes when wrapped at `width` (nil: one line per paragraph).
    public func measure(_ text: String, width: Double?, font: PDFFont = .body) -> (width: Double, height: Double) {
        if text.isEmpty { return (0, 0) }
        let key = LayoutKey(text: text, width: width, font: font, align: .left)
        if let size = sizes[key] { return size }
        let l = layout(text, width: width, font: font, align: .left)
        defer { g_object_unref(UnsafeMutableRawPointer(l)) }
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(l, &ink, &logical)
        let size = (width: Double(logical.width) / Double(PANGO_SCALE), height: Double(logical.height) / Double(PANGO_SCALE))
        sizes[key] = size
        return size
    }

    /// The lines pango breaks `text` into at `width`: a page that places each line on a grid of its own
    /// (the official page's 22 lines) draws them one by one, and a paragraph can go on on the next page.
    public func wrap(_ text: String, width: Double, font: PDFFont = .body) -> [String] {
        if text.isEmpty { return [] }
        let l = layout(text, width: width, font: font, align: .left)
        defer { g_object_unref(UnsafeMutableRawPointer(l)) }
        let bytes = Array(text.utf8)
        return (0..<pango_layout_get_line_count(l)).compactMap { i -> String? in
            guard let line = pango_layout_get_line_readonly(l, i) else { return nil }
            let start = Int(line.pointee.start_index), end = min(bytes.count, start + Int(line.pointee.length))
            return start < end ? String(decoding: bytes[start..<end], as: UTF8.self) : ""
        }
    }

    /// PDF metadata beside the title: the subject and keywords (the official page records its fonts there).
    public func metadata(subject: String? = nil, keywords: String? = nil) {
        guard let surface else { return }
        if let subject { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, subject) }
        if let keywords { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, keywords) }
    }

    /// Draws text with its top-left corner at (x, y), wrapped at `width` and aligned inside it.
    public func text(_ text: String, x: Double, y: Double, width: Double, font: PDFFont = .body, align: TextAlign = .left) {
        guard !text.isEmpty else { return }
        let l = layout(text, width: width, font: font, align: align, drawn: true)
        defer { g_object_unref(UnsafeMutableRawPointer(l)) }
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, l)
        pageHasContent = true
    }

    // MARK: - Lines

    public func rect(x: Double, y: Double, width: Double, height: Double, lineWidth: Double = 0.8) {
        cairo_set_line_width(cr, lineWidth)
        cairo_rectangle(cr, x, y, width, height)
        cairo_stroke(cr)
        pageHasContent = true
    }

    public func line(x1: Double, y1: Double, x2: Double, y2: Double, lineWidth: Double = 0.6) {
        cairo_set_line_width(cr, lineWidth)
        cairo_move_to(cr, x1, y1)
        cairo_line_to(cr, x2, y2)
        cairo_stroke(cr)
        pageHasContent = true
    }

    // MARK: - Pictures

    /// Draws a PNG scaled to fit the box, centred; false when the file is missing or not a PNG
    /// (cairo reads PNG only; a JPEG photo has to be saved as PNG first).
    @discardableResult
    public func image(path: String, x: Double, y: Double, width: Double, height: Double) -> Bool {
        guard FileManager.default.isReadableFile(atPath: path), let img = cairo_image_surface_create_from_png(path) else { return false }
        defer { cairo_surface_destroy(img) }
        guard cairo_surface_status(img) == CAIRO_STATUS_SUCCESS else { return false }
        let (w, h) = (Double(cairo_image_surface_get_width(img)), Double(cairo_image_surface_get_height(img)))
        guard w > 0, h > 0 else { return false }
        let scale = min(width / w, height / h)
        cairo_save(cr)
        cairo_translate(cr, x + (width - w * scale) / 2, y + (height - h * scale) / 2)
        cairo_scale(cr, scale, scale)
        cairo_set_source_surface(cr, img, 0, 0)
        cairo_paint(cr)
        cairo_restore(cr)
        cairo_set_source_rgb(cr, 0, 0, 0)
        pageHasContent = true
        return true
    }

    // MARK: - Form helpers

    /// A centred title; returns the y below it.
    @discardableResult
    public func title(_ text: String, y: Double, font: PDFFont = .title, margin: Double = 45) -> Double {
        let width = Self.pageWidth - 2 * margin
        self.text(text, x: margin, y: y, width: width, font: font, align: .center)
        return y + measure(text, width: width, font: font).height
    }

    /// Height a table cell needs for its text, with padding, at least `minHeight`.
    public func cellHeight(_ text: String, width: Double, font: PDFFont = .body, minHeight: Double = 0) -> Double {
        max(minHeight, measure(text, width: width - 2 * Self.padding, font: font).height + 2 * Self.padding)
    }

    /// A bordered table cell with its text wrapped inside it (label cells: centred; value cells: left).
    public func cell(_ text: String, x: Double, y: Double, width: Double, height: Double, font: PDFFont = .body,
                     align: TextAlign = .left, valign: VerticalAlign = .middle, border: Bool = true) {
        if border { rect(x: x, y: y, width: width, height: height) }
        let p = Self.padding
        let inner = width - 2 * p
        let h = measure(text, width: inner, font: font).height
        let top: Double
        switch valign {
        case .top: top = y + p
        case .middle: top = y + (height - h) / 2
        case .bottom: top = y + height - p - h
        }
        self.text(text, x: x + p, y: top, width: inner, font: font, align: align)
    }

    /// A signature box: "签名：" (with the signer if known) and a date line at the bottom, blank "年  月  日" when no date.
    public func signatureBox(x: Double, y: Double, width: Double, height: Double, signer: String = "",
                             date: String? = nil, showDate: Bool = true, font: PDFFont = .body) {
        rect(x: x, y: y, width: width, height: height)
        let lineH = measure("签名：", width: nil, font: font).height
        let baseY = y + height - Self.padding - lineH - 2
        let half = width / 2
        text("签名：" + signer, x: x + half - 40, y: baseY - (showDate ? lineH + 4 : 0), width: half + 40 - Self.padding - 8, font: font)
        if showDate {
            let d = date.map(DateInput.chinese) ?? "年      月      日"
            text(d, x: x + half, y: baseY, width: half - Self.padding - 8, font: font, align: .right)
        }
    }

    // MARK: - Pages

    /// Finishes the current page.
    public func endPage() {
        cairo_show_page(cr)
        pageCount += 1
        pageHasContent = false
    }

    /// Ends the last page (if it has anything on it) and writes the file; returns the page count.
    @discardableResult
    public func finish() throws -> Int {
        if pageHasContent { endPage() }
        releaseLayouts()
        if let pango { g_object_unref(UnsafeMutableRawPointer(pango)); self.pango = nil }
        if let cr { cairo_destroy(cr); self.cr = nil }
        guard let surface else { return pageCount }
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        self.surface = nil
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PDFError("写入 \(path) 失败：\(String(cString: cairo_status_to_string(status)))")
        }
        return pageCount
    }
}

/// A cache bounded by two generations: when the newer holds `limit` entries it becomes the older and the
/// older is dropped; what is found in the older moves to the newer. Recurring keys stay, the rest go.
struct Generations<Key: Hashable, Value> {
    let limit: Int
    private var newer: [Key: Value] = [:]
    private var older: [Key: Value] = [:]

    init(limit: Int) { self.limit = limit }

    subscript(key: Key) -> Value? {
        mutating get {
            if let v = newer[key] { return v }
            guard let v = older.removeValue(forKey: key) else { return nil }
            self[key] = v
            return v
        }
        set {
            guard let newValue else { newer[key] = nil; older[key] = nil; return }
            if newer.count >= limit && newer[key] == nil {
                older = newer
                newer = [:]
            }
            newer[key] = newValue
        }
    }

    mutating func removeAll() {
        newer = [:]
        older = [:]
    }
}
