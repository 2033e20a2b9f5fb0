import Registry

/// Explanations by occlusion, for any model, when a request asks for them: the text is rated again with each of
/// its words left out (every occurrence of it at once), and with all of them left out (the base). The texts go
/// through the model's executor and batcher like any other request's: about as many forward passes as the text
/// has distinct words.
package enum Occlusion {
    /// The most distinct words a text may have, so that its ratings (with the text and the base) make one batch.
    package static let maxWords = 62

    /// A word of a text: a maximal run of word characters (letters, digits, `_`), as Python's `\w+` finds them,
    /// in Unicode scalars of the text.
    package struct Word {
        /// The word, lower-cased.
        package var term: String
        /// Where each occurrence lies.
        package var spans: [Range<Int>]
    }

    /// The distinct words of `text` (compared lower-cased), in the order they first appear, with every occurrence.
    package static func words(of text: String) -> [Word] {
        let scalars = Array(text.unicodeScalars)
        var words: [Word] = []
        var index: [String: Int] = [:]
        var position = 0
        while position < scalars.count {
            guard isWordCharacter(scalars[position]) else {
                position += 1
                continue
            }
            var end = position
            while end < scalars.count && isWordCharacter(scalars[end]) { end += 1 }
            let term = String(String.UnicodeScalarView(scalars[position..<end])).lowercased()
            if let known = index[term] {
                words[known].spans.append(position..<end)
            } else {
                index[term] = words.count
                words.append(Word(term: term, spans: [position..<end]))
            }
            position = end
        }
        return words
    }

    /// `text` without the scalars in `spans`.
    static func leavingOut(_ spans: [Range<Int>], of text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var left = [Bool](repeating: false, count: scalars.count)
        for span in spans { for offset in span { left[offset] = true } }
        var kept = String.UnicodeScalarView()
        for (offset, scalar) in scalars.enumerated() where !left[offset] { kept.append(scalar) }
        return String(kept)
    }

    /// The texts whose ratings explain `text`: the text, the text without each of `words`, and without all of them.
    package static func texts(explaining text: String, words: [Word]) -> [String] {
        [text] + words.map { leavingOut($0.spans, of: text) } + [leavingOut(words.flatMap(\.spans), of: text)]
    }

    /// The explanation from the `ratings` of ``texts(explaining:words:)``, in its order.
    package static func explanation(of words: [Word], ratings: [Double]) -> Explanation {
        let rating = ratings[0]
        let contributions = words.enumerated().map { index, word in
            TermContribution(term: word.term, value: Double(word.spans.count), contribution: rating - ratings[index + 1], spans: word.spans)
        }
        return Explanation(method: .occlusion, rating: rating, base: ratings[ratings.count - 1], contributions: contributions.sortedByMagnitude())
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return scalar.properties.numericType != nil
        }
    }
}
