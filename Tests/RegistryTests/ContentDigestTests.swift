import Foundation
import Registry
import Testing

@Suite struct ContentDigestTests {
    @Test func sha256OfAKnownInput() {
        // FIPS 180-2's example "abc".
        #expect(ContentDigest.sha256Hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
