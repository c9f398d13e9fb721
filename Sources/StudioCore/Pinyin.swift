import Foundation

/// Pinyin forms of a Chinese name, computed with Foundation's ICU transforms
/// (no hand-made tables). Stored beside each member and studio so that
/// sorting and initials search are plain indexed queries.
public struct PinyinKey: Equatable, Sendable, Codable {
    /// Syllables separated by spaces, lower case, no tones: "zhang xue qin".
    public var spaced: String
    /// The same without spaces: "zhangxueqin".
    public var compact: String { spaced.replacingOccurrences(of: " ", with: "") }
    /// First letter of each syllable: "zxq".
    public var initials: String

    public init(_ text: String) {
        let latin = text.applyingTransform(.mandarinToLatin, reverse: false) ?? text
        let plain = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        let words = plain.lowercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map(String.init)
        spaced = words.joined(separator: " ")
        initials = String(words.compactMap(\.first))
    }

    /// The keys as stored beside a member or studio (not computed again).
    public init(spaced: String, initials: String) {
        self.spaced = spaced
        self.initials = initials
    }
}

/// Chinese ordering: ICU's zh_CN collation sorts Han characters by pinyin.
public enum ChineseCollation {
    public static let locale = Locale(identifier: "zh_CN")

    public static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
        a.compare(b, locale: locale) == .orderedAscending
    }
}

/// What the user typed into a search box: Chinese text matches as a substring,
/// Latin letters match pinyin initials ("zxq") or whole pinyin ("zhangx").
public struct SearchQuery: Equatable, Sendable {
    public let text: String

    public init(_ text: String) {
        self.text = text.trimmingCharacters(in: .whitespaces)
    }

    public var isEmpty: Bool { text.isEmpty }

    /// Letters only (a–z): compare against pinyin rather than the characters.
    public var isPinyin: Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && CharacterSet.letters.contains($0) }
    }

    /// Lower-cased letters for pinyin matching.
    public var pinyinText: String { text.lowercased() }

    public func matches(name: String, key: PinyinKey, otherFields: [String] = []) -> Bool {
        rank(name: name, key: key, otherFields: otherFields) != nil
    }

    /// How well a row matches, or nil when it does not: the one ranking of every list, picker and filter line
    /// (the store's paged lists say the same in SQL, `AppDatabase.searchRankSQL`).
    public func rank(name: String, key: PinyinKey, otherFields: [String] = []) -> SearchRank? {
        if isEmpty { return .name }
        if isPinyin {
            let q = pinyinText
            let lower = name.lowercased()
            if lower.hasPrefix(q) { return .name }
            if key.initials.hasPrefix(q) { return .initials }
            if key.compact.hasPrefix(q) { return .pinyin }
            if key.initials.contains(q) || key.compact.contains(q) || lower.contains(q) { return .elsewhere }
            return nil
        }
        if name.hasPrefix(text) { return .name }
        if name.contains(text) || otherFields.contains(where: { $0.contains(text) }) { return .elsewhere }
        return nil
    }

    /// The items that match, best first; within a rank in pinyin order (as the lists are sorted), then by name.
    /// An empty query keeps every item in its given order.
    public func ranked<T>(_ items: [T], name: (T) -> String, key: (T) -> PinyinKey, otherFields: (T) -> [String] = { _ in [] }) -> [T] {
        ranked(items, otherFields: otherFields) { [(name($0), key($0))] }
    }

    /// The same for rows found by any of several names (a studio and a member): each row ranks by its best name.
    /// `inPinyinOrder: false` keeps the list's own order within a rank (a list sorted by urgency stays so).
    public func ranked<T>(_ items: [T], inPinyinOrder: Bool = true, otherFields: (T) -> [String] = { _ in [] },
                          names: (T) -> [(name: String, key: PinyinKey)]) -> [T] {
        if isEmpty { return items }
        var hits: [(item: T, rank: SearchRank, pinyin: String, name: String)] = []
        for item in items {
            var best: (SearchRank, String, String)?
            let others = otherFields(item)
            for (n, k) in names(item) {
                if let r = rank(name: n, key: k, otherFields: others), best == nil || r < best!.0 { best = (r, k.spaced, n) }
            }
            if let best { hits.append((item, best.0, best.1, best.2)) }
        }
        // Sorted by index so that equal keys keep the list's own order.
        let order = hits.indices.sorted { a, b in
            let (x, y) = (hits[a], hits[b])
            if x.rank != y.rank { return x.rank < y.rank }
            if inPinyinOrder {
                if x.pinyin != y.pinyin { return x.pinyin < y.pinyin }
                if x.name != y.name { return x.name < y.name }
            }
            return a < b
        }
        return order.map { hits[$0].item }
    }
}

/// Search ranks, best first: the characters (or a Latin name) begin with the query; the pinyin initials begin
/// with it (`oy` → 欧阳…); the full pinyin begins with it (`ouyang`); anything else that contains it.
public enum SearchRank: Int, Comparable, Sendable, CaseIterable {
    case name = 0, initials, pinyin, elsewhere

    public static func < (a: SearchRank, b: SearchRank) -> Bool { a.rawValue < b.rawValue }
}

extension Studio {
    /// The stored pinyin keys, for `SearchQuery.rank`.
    public var pinyinKey: PinyinKey { PinyinKey(spaced: pinyin, initials: initials) }
}
