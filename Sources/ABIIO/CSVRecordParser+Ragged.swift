extension CSVRecordParser {
    /// A ``CSVError/raggedRecord(line:expectedFields:foundFields:)`` for the current record when its
    /// field count differs from `expectedFields` (usually the header's), else nil. The record is still
    /// to be processed: a ragged row is reported, never dropped.
    public func raggedIssue(expectedFields: Int) -> CSVError? {
        recordFieldCount == expectedFields
            ? nil
            : .raggedRecord(line: recordLine, expectedFields: expectedFields, foundFields: recordFieldCount)
    }
}
