import Testing
import VeloBase
import VeloJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `bytes` to a fresh temporary file, runs `body` with its path, then removes it.
func withTemporaryFile<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
    var template = Array("/tmp/velo-ndjson-test-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    #expect(fd >= 0)
    let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    defer { unlink(path) }
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
        #expect(n > 0)
        offset += n
    }
    close(fd)
    return try body(path)
}

/// Every record of `text` read with the given buffer size and policy, with the reader for its counters.
func readAll(_ text: String, bufferSize: Int = 1 << 20, policy: BadLinePolicy = .stop) throws -> ([JSONValue], NDJSONReader) {
    try withTemporaryFile(Array(text.utf8)) { path in
        let reader = try NDJSONReader(path: path, policy: policy, bufferSize: bufferSize)
        var values: [JSONValue] = []
        while let value = try reader.next() { values.append(value) }
        return (values, reader)
    }
}

@Suite struct NDJSONReaderTests {
    @Test func bomCRLFBlankLinesAndFinalLineWithoutNewline() throws {
        let text = "\u{FEFF}{\"a\":1}\r\n\r\n  \n{\"b\":\"x\\ny\"}\n\t\n[1,2]"
        let (values, reader) = try readAll(text)
        #expect(values == [["a": 1], ["b": "x\ny"], [1, 2]])
        #expect(reader.lineNumber == 6)
        #expect(reader.badLineCount == 0)
    }

    @Test func linesSpanningChunkBoundaries() throws {
        var text = ""
        var expected: [JSONValue] = []
        for i in 0..<40 {
            let value: JSONValue = [
                "i": .int(Int64(i)), "s": .string(String(repeating: "é", count: i % 7)),
                "d": .double(Double(i) + 0.25), "n": i % 3 == 0 ? [1, [2, ["k": nil]]] : nil
            ]
            expected.append(value)
            text += value.description + (i % 2 == 0 ? "\n" : "\r\n")
        }
        // From one byte (every line longer than the buffer, which must grow) to larger than the input.
        for size in [1, 2, 3, 5, 7, 16, 31, 64, 100, 4096] {
            let (values, _) = try readAll(text, bufferSize: size)
            #expect(values == expected, "buffer size \(size)")
        }
    }

    @Test func lineNumbersAndRawLines() throws {
        try withTemporaryFile(Array("{\"a\":1}\n\n{\"a\":2}\r\n".utf8)) { path in
            let reader = try NDJSONReader(path: path, bufferSize: 3)
            var seen: [(String, Int)] = []
            try reader.forEachLine { line, number in seen.append((String(decoding: line, as: UTF8.self), number)) }
            #expect(seen.map(\.0) == ["{\"a\":1}", "{\"a\":2}"])
            #expect(seen.map(\.1) == [1, 3])
        }
    }

    @Test func stopPolicyThrowsWithFileLineAndColumn() throws {
        try withTemporaryFile(Array("{\"a\":1}\n{\"a\":1,}\n".utf8)) { path in
            let reader = try NDJSONReader(path: path)
            #expect(try reader.next() == ["a": 1])
            do {
                _ = try reader.next()
                Issue.record("the second line should fail")
            } catch let error as JSONSyntaxError {
                #expect(error.line == 2)
                #expect(error.column == 8)
                #expect(error.file == path)
                #expect(error.description == "\(path):2:8: expected '\"' to start an object key, found '}'")
            }
        }
    }

    @Test func skipPolicyCountsBadLinesAndKeepsTheFirstErrors() throws {
        let text = "{\"ok\":1}\n{bad\n\n[1,\n{\"ok\":2}\ntrue false\n\"x\n{\"ok\":3}"
        let (values, reader) = try readAll(text, bufferSize: 4, policy: .skip(keepErrors: 2))
        #expect(values == [["ok": 1], ["ok": 2], ["ok": 3]])
        #expect(reader.badLineCount == 4)
        #expect(reader.errors.map(\.line) == [2, 4])
        #expect(reader.errors.map(\.column) == [2, 4])
    }

    @Test func readsAPipeLikeStdin() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let text = Array("{\"a\":[1,2]}\n{\"b\":null}\n".utf8)
        _ = text.withUnsafeBytes { write(fds[1], $0.baseAddress!, $0.count) }
        close(fds[1])
        let reader = NDJSONReader(fd: fds[0], bufferSize: 5, closeWhenDone: true)
        #expect(try reader.next() == ["a": [1, 2]])
        #expect(try reader.next() == ["b": nil])
        #expect(try reader.next() == nil)
        #expect(reader.file == nil)
    }

    @Test func missingFileIsAClearError() {
        do {
            _ = try NDJSONReader(path: "/nonexistent/orders.ndjson")
            Issue.record("should fail")
        } catch let error as VeloError {
            #expect(error.exitCode == .invalidInput)
            #expect(error.description.contains("cannot open '/nonexistent/orders.ndjson'"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
