import ArgumentParser
import Foundation
import StudioApp
import StudioCore
import StudioStore
import TerminalKit

struct UICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ui", abstract: "打开全屏界面（默认）。")

    @OptionGroup var options: DatabaseOptions

    func run() throws {
        // Before anything else: without a UTF-8 locale ncursesw draws Chinese as blanks. One is chosen when the
        // session names none (an SSH client forwarding no LANG); another character set is refused.
        do { try NcursesTerminal.checkEnvironment() } catch { throw Failure("\(error)") }
        let profiles = try loadProfiles()
        let db = try options.open()
        // One automatic backup a day, before the first change of the day (a failure must not stop the clerk).
        // A reviewer's read-only session touches nothing, backups included.
        // A new file has nothing to back up yet: its first day's backup is made when the session ends with data in it.
        func backUpIfDue() {
            if !db.isReadOnly, (try? db.holdsRecords()) == true { _ = try? db.dailyBackup(today: DateInput.iso(today())) }
        }
        if !db.isNew { backUpIfDue() }
        let app = App(context: AppContext(db: db, profiles: profiles, today: { today() }, session: Session(for: db)))
        let terminal: NcursesTerminal
        do {
            terminal = try NcursesTerminal(noColor: ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false)
        } catch {
            throw Failure("\(error)")
        }
        // The terminal is restored (endwin) before anything is printed.
        app.run(on: terminal)
        terminal.stop()
        // Today's backup if there is none yet (a new file's first day); nothing when one was made at the start.
        backUpIfDue()
    }
}
