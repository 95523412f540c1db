import Glibc

/// Writes `text` to standard error, followed by a newline unless `newline` is false.
func printError(_ text: String, newline: Bool = true) {
    fputs(newline ? text + "\n" : text, stderr)
}
