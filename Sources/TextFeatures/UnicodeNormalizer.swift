/// The general path of lower-casing and classifying a document: Python's `str.lower()` and accent
/// stripping on the whole string (``TextPreprocessing``), then the class of every code point from its
/// Unicode properties. Handles every text; ``FastNormalizer`` must agree with it wherever that one runs.
enum UnicodeNormalizer {
    /// Writes the normalised `document` to `scratch.pointee.text` and `scratch.pointee.classes`.
    static func normalize(_ document: String, settings: TfidfSettings, into scratch: UnsafeMutablePointer<AnalysisScratch>) {
        let preprocessed = TextPreprocessing.preprocess(document, lowercase: settings.lowercase, stripAccents: settings.stripAccents)
        scratch.pointee.text.count = 0
        scratch.pointee.classes.count = 0
        for scalar in preprocessed.unicodeScalars {
            let byteClass = ByteClass.of(scalar)
            for byte in UTF8.encode(scalar)! {
                scratch.pointee.text.append(byte)
                scratch.pointee.classes.append(byteClass)
            }
        }
        // Term lookups read a key's width past a term's start.
        scratch.pointee.padClasses()
        scratch.pointee.text.reserve(scratch.pointee.text.count + TermKey.width)
    }
}
