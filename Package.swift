// swift-tools-version:6.0
import PackageDescription

// Arrows point inward: StudioCore knows nothing of GRDB or ncurses.
let package = Package(
    name: "StudioDesk",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "studiodesk", targets: ["studiodesk"]),
        .executable(name: "studiodesk-bench", targets: ["studiodesk-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Calendar days (CivilDate): no Foundation, no dependencies; the core re-exports it, XLSXKit dates its cells with it.
        .target(name: "CivilCalendar"),
        // Pure domain: entities, rule profiles, validation, pinyin search keys.
        .target(name: "StudioCore", dependencies: ["CivilCalendar"]),
        // Rule profiles, the holiday calendar, the demo district's data, the roles and other shipped data files (Resources/), located at run time.
        .target(name: "StudioResources", path: "Resources", resources: [.copy("profiles"), .copy("holidays"), .copy("demo"), .copy("roles.json")]),
        // GRDB store: AppDatabase, migrations, records, queries, office-wide computations; the shipped data it copies.
        .target(name: "StudioStore", dependencies: [
            "StudioCore", "StudioResources",
            .product(name: "GRDB", package: "GRDB.swift"),
            // SQLite's C API: the year's facts are read by column straight from the statement (FactRows.swift).
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            // SHA-256 for the audit log's hash chain.
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The demo district (明湖区): its data read from Resources/demo, the members, ledgers, inspections and duty plans
        // made from it, and its loader.
        // Kept out of the domain core, which is for rules.
        .target(name: "StudioDemo", dependencies: [
            "StudioCore", "StudioStore", "StudioResources",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // ncursesw through a shim header (see Sources/CNcursesw/shim.h).
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // Terminal protocol, ncurses and in-memory backends, display width, widgets.
        .target(name: "TerminalKit", dependencies: ["CNcursesw"]),
        // cairo + pango through a shim header (see Sources/CPangoCairo/shim.h).
        .systemLibrary(name: "CPangoCairo", path: "Sources/CPangoCairo", pkgConfig: "pangocairo"),
        // PDF printouts (application forms) drawn with cairo and pango; no GRDB, no ncurses.
        .target(name: "StudioPrint", dependencies: ["StudioCore", "CPangoCairo"]),
        // Excel workbooks (.xlsx) read and written: ZIPFoundation for the package, XMLCoder and XMLParser for its parts.
        .target(name: "XLSXKit", dependencies: [
            "CivilCalendar",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "XMLCoder", package: "XMLCoder"),
        ]),
        // Exports: one studio's whole record as a ZIP bundle (JSON, CSV, PDF, note); CSV text.
        .target(name: "StudioExport", dependencies: [
            "StudioCore", "StudioStore", "StudioPrint", "XLSXKit",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "CSV", package: "CSV.swift"),
        ]),
        // Screens: state + update(key) + render, navigation stack.
        .target(name: "StudioApp", dependencies: ["StudioCore", "StudioStore", "StudioDemo", "TerminalKit", "StudioResources", "StudioPrint", "StudioExport"]),
        // What the two executables share: errors, profiles, output formats, the parser's words in Chinese.
        .target(name: "StudioCommandLine", dependencies: [
            "StudioCore", "StudioStore", "StudioResources", "TerminalKit",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Thin executable: subcommands. StudioApp only for `ui`, the full-screen program.
        .executableTarget(name: "studiodesk", dependencies: [
            "StudioApp", "StudioCommandLine", "StudioCore", "StudioStore", "StudioDemo", "TerminalKit", "StudioResources", "StudioPrint", "StudioExport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The speed and memory goals on a province-sized office: not part of the product, HdrHistogram only here.
        .executableTarget(name: "studiodesk-bench", dependencies: [
            "StudioApp", "StudioCommandLine", "StudioCore", "StudioStore", "StudioDemo", "TerminalKit", "StudioPrint", "StudioExport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),
        // Test support: the demo district built once per test process and copied for each test.
        .target(name: "TestSupport", dependencies: [
            "StudioStore", "StudioCore", "StudioDemo", "StudioResources", .product(name: "GRDB", package: "GRDB.swift"),
        ], path: "Tests/TestSupport"),
        .testTarget(name: "StudioCoreTests", dependencies: ["StudioCore", "StudioDemo", "StudioResources"]),
        // Fixtures/ holds data files of earlier schemas, read by path (#filePath), not bundled.
        .testTarget(name: "StudioStoreTests", dependencies: ["StudioStore", "StudioCore", "StudioDemo", "StudioResources", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(name: "StudioAppTests", dependencies: [
            "StudioApp", "StudioStore", "StudioCore", "StudioDemo", "TerminalKit", "StudioResources", "TestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "StudioPrintTests", dependencies: ["StudioPrint", "StudioCore", "StudioResources"]),
        .testTarget(name: "StudioExportTests", dependencies: [
            "StudioExport", "StudioStore", "StudioCore", "StudioDemo", "StudioResources", "StudioPrint", "TestSupport",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "GRDB", package: "GRDB.swift"),
            // The streamed CSV reader is held to CSV.swift's reading.
            .product(name: "CSV", package: "CSV.swift"),
        ]),
        // Fixtures/ holds workbooks made by openpyxl and by hand (Scripts/make_xlsx_fixtures.py), read by path.
        .testTarget(name: "XLSXKitTests", dependencies: [
            "XLSXKit", "CivilCalendar", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "EndToEndTests", dependencies: ["studiodesk", "studiodesk-bench", "StudioCore", "StudioDemo", "TestSupport"]),
    ]
)
