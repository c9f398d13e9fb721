import ArgumentParser
import Foundation

// Our own failures already say everything in Chinese; print them without "Error:".
do {
    var command = try StudioDeskCommand.parseAsRoot()
    try command.run()
} catch let failure as Failure {
    printError("错误：" + failure.description)
    exit(1)
} catch {
    StudioDeskCommand.exit(withError: error)
}
