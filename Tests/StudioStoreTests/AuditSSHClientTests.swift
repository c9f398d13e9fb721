import Foundation
import Testing
@testable import StudioCore
@testable import StudioStore

/// Over SSH the audit names the person and the client's address (issue 22), in the line's user text, so the
/// signature covers it; the name alone still filters and lists.
@Suite struct AuditSSHClientTests {
    @Test func theAddressComesFromSSHConnectionAndNothingElse() {
        #expect(AuditLog.sshClient(environment: ["SSH_CONNECTION": "192.0.2.7 52114 192.0.2.1 22"]) == "192.0.2.7")
        #expect(AuditLog.sshClient(environment: ["SSH_CLIENT": "2001:db8::5 52114 22"]) == "2001:db8::5")
        #expect(AuditLog.sshClient(environment: [:]) == nil)
        // Not an address: left out rather than written into every line.
        #expect(AuditLog.sshClient(environment: ["SSH_CONNECTION": "张三\n2026 1 2 3"]) == nil)
        #expect(AuditLog.accountName(AuditLog.lineUser("张三", client: "192.0.2.7")) == "张三")
        #expect(AuditLog.lineUser("张三", client: nil) == "张三")
    }

    @Test func linesCarryTheAddressAndTheNameFindsThem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("studiodesk-audit-ssh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.sqlite").path
        let remote = try AppDatabase.open(path: path, user: "张三", client: "192.0.2.7")
        _ = try remote.saveMember(Member(name: "欧阳娜娜", sector: "经济界"))
        let local = try AppDatabase.open(path: path, user: "张三")
        _ = try local.saveMember(Member(name: "上官新", sector: "农业界"))
        #expect(remote.user == "张三" && remote.client == "192.0.2.7")
        #expect(try remote.auditEntries().map(\.user) == ["张三", "张三（SSH 192.0.2.7）"])
        #expect(try remote.auditCount(AuditFilter(user: "张三")) == 2)
        #expect(try remote.auditFacets().users == ["张三"])
        #expect(try remote.verifyAuditLog().isIntact)
    }
}
