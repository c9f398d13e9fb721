import Testing
import TerminalKit

/// Which locales the program replaces by C.UTF-8 before curses starts, and which it refuses (issue 22).
@Suite struct LocaleChoiceTests {
    @Test func lcAllThenLcCtypeThenLangDecide() {
        #expect(LocaleChoice.ctypeName([:]) == "")
        #expect(LocaleChoice.ctypeName(["LANG": "zh_CN.GBK", "LC_CTYPE": "UTF-8"]) == "UTF-8")
        #expect(LocaleChoice.ctypeName(["LANG": "C", "LC_CTYPE": "", "LC_ALL": "zh_CN.UTF-8"]) == "zh_CN.UTF-8")
    }

    @Test func theCharacterSetALocaleNameAsksFor() {
        #expect(LocaleChoice.requestedCodeset("zh_CN.UTF-8") == "UTF8")
        #expect(LocaleChoice.requestedCodeset("en_US.utf8@euro") == "UTF8")
        #expect(LocaleChoice.requestedCodeset("UTF-8") == "UTF8")
        #expect(LocaleChoice.requestedCodeset("zh_CN.GB18030") == "GB18030")
        #expect(LocaleChoice.requestedCodeset("zh_CN") == nil)
        #expect(LocaleChoice.requestedCodeset("C") == nil)
    }

    @Test func noLocaleCOrAMissingUTF8OneFallsBackAnotherCharacterSetDoesNot() {
        // PuTTY's default over SSH: nothing set; the C locale's codeset.
        #expect(LocaleChoice.mayFallBack(name: "", installed: true, codeset: "ANSI_X3.4-1968"))
        #expect(LocaleChoice.mayFallBack(name: "POSIX", installed: true, codeset: "ANSI_X3.4-1968"))
        // A Mac's LC_CTYPE=UTF-8, or zh_CN.UTF-8 on a server without it: setlocale fails.
        #expect(LocaleChoice.mayFallBack(name: "UTF-8", installed: false, codeset: "ANSI_X3.4-1968"))
        #expect(LocaleChoice.mayFallBack(name: "zh_CN.UTF-8", installed: false, codeset: "ANSI_X3.4-1968"))
        #expect(LocaleChoice.mayFallBack(name: "zh_CN", installed: false, codeset: "ANSI_X3.4-1968"))
        // The terminal really uses another set.
        #expect(!LocaleChoice.mayFallBack(name: "zh_CN.GBK", installed: false, codeset: "ANSI_X3.4-1968"))
        #expect(!LocaleChoice.mayFallBack(name: "zh_CN", installed: true, codeset: "GB2312"))
        #expect(!LocaleChoice.mayFallBack(name: "en_US.ISO-8859-1", installed: true, codeset: "ISO-8859-1"))
    }
}

/// Over SSH no editor is started: it would give the service account's shell to whoever holds a key (issue 22).
@Suite struct ExternalEditorOverSSHTests {
    @Test func anySSHSessionRefusesTheEditor() {
        #expect(ExternalEditor.refusal(environment: ["EDITOR": "nano"]) == nil)
        for name in ["SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"] {
            #expect(ExternalEditor.refusal(environment: [name: "x"])?.message.contains("通过 SSH 登录时不能打开外部编辑器") == true)
        }
    }
}
