/// Reads the JSON files of the converted spec scripts (and their group
/// list) with `JSONParser`, which keeps every character of a string:
/// names.wast exports a function named "\u{FEFF}".
enum SpecJSON {
    /// The commands of the script file at `path`, or nil when it cannot be
    /// read, is no JSON object or has no array of command objects.
    static func commands(atPath path: String) -> [[String: JSONValue]]? {
        object(atPath: path)?["commands"]?.objects
    }

    /// The object of arrays of strings in the file at `path` (groups.json:
    /// group name to file names), or nil when it is anything else.
    static func stringLists(atPath path: String) -> [String: [String]]? {
        guard let json = object(atPath: path) else { return nil }
        var lists: [String: [String]] = [:]
        for (key, value) in json {
            guard let strings = value.strings else { return nil }
            lists[key] = strings
        }
        return lists
    }

    /// The top-level object of the JSON file at `path`, or nil when the file
    /// cannot be read or holds no JSON object.
    private static func object(atPath path: String) -> [String: JSONValue]? {
        guard let bytes = readFile(path) else { return nil }
        return (try? JSONParser.parse(bytes))?.object
    }
}
