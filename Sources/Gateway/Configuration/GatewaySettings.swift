import Foundation
import HTTPTypes

/// Every setting of `jokemeter serve`, each declared here once: `--help`, the resolution from flags and
/// environment, ``GatewayConfiguration/validate()`` and the tests of the README and the Helm chart read this
/// table. The defaults are ``GatewayConfiguration``'s own.
public enum GatewaySettings {
    /// In the order `--help` lists them. `ADMIN_TOKEN` comes before `ADMIN_TOKEN_FILE`, which reads its file only
    /// when no token is given.
    public static let all: [Setting] = [
        Setting("host", "HOST", "Address to bind.", .text(\.host), check: { $0.host.isEmpty ? "is empty" : nil }),
        Setting(
            "port",
            "PORT",
            "TCP port; 0 picks a free one (the log says which).",
            .integer(\.port),
            check: { (0...65_535).contains($0.port) ? nil : "\($0.port) is not a port number (0-65535)" }
        ),
        Setting(
            "grpc-port",
            "GRPC_PORT",
            "TCP port of the gRPC server (the Open Inference Protocol and health); 0 turns it off.",
            .integer(\.grpcPort),
            check: { configuration in
                guard (0...65_535).contains(configuration.grpcPort) else { return "\(configuration.grpcPort) is not a port number (0-65535)" }
                return configuration.grpcPort != 0 && configuration.grpcPort == configuration.port ? "is the HTTP port too" : nil
            }
        ),
        Setting(
            "grpc-max-message-bytes",
            "GRPC_MAX_MESSAGE_BYTES",
            "Largest gRPC message in bytes; at least the largest valid inference request (MAX_BATCH_SIZE texts of MAX_TEXT_CHARS).",
            .integer(\.grpcMaxMessageBytes),
            check: { configuration in
                let largest = configuration.largestInferenceMessageBytes
                return configuration.grpcMaxMessageBytes >= largest
                    ? nil : "\(configuration.grpcMaxMessageBytes) is below the largest valid inference request, \(largest) bytes at these limits"
            }
        ),
        Setting(
            "grpc-max-streams",
            "GRPC_MAX_CONCURRENT_STREAMS",
            "Most RPCs in flight on one gRPC connection.",
            .integer(\.grpcMaxConcurrentStreams),
            check: { $0.grpcMaxConcurrentStreams > 0 ? nil : "must be positive" }
        ),
        Setting("models", "MODELS_DIR", "Folder whose artifacts are all served.", .text(\.modelsDirectory)),
        Setting(
            nil,
            "ML_MODEL_PATH",
            "The original's variable: serve this one artifact, as the default model, instead of a folder.",
            .optionalText(\.singleArtifact)
        ),
        Setting(
            "default-model",
            "DEFAULT_MODEL",
            "Model used when a request names none.",
            .text(\.defaultModel),
            check: { $0.defaultModel.isEmpty ? "is empty" : nil }
        ),
        Setting(
            "pin",
            "MODEL_PINS",
            "The version a model serves when a request names none, e.g. lr=1.0.0; repeat the flag for several models, or list them in the"
                + " variable, lr=1.0.0,tr=2.0.0. A model not pinned serves its newest.",
            .pins
        ),
        Setting(
            "model-header",
            "MODEL_HEADER",
            "Request header that names the model.",
            .text(\.modelHeader),
            check: { HTTPField.Name($0.modelHeader) == nil ? "\"\($0.modelHeader)\" is not a valid HTTP header name" : nil }
        ),
        Setting(
            "max-body-bytes",
            "MAX_BODY_BYTES",
            "Largest request body in bytes.",
            .integer(\.maxBodyBytes),
            check: { $0.maxBodyBytes > 0 ? nil : "must be positive" }
        ),
        Setting(
            "max-text-chars",
            "MAX_TEXT_CHARS",
            "Longest text in Unicode code points.",
            .integer(\.maxTextCharacters),
            check: { $0.maxTextCharacters > 0 ? nil : "must be positive" }
        ),
        Setting(
            "max-batch-size",
            "MAX_BATCH_SIZE",
            "Most texts in one batch or inference request.",
            .integer(\.maxBatchSize),
            check: { $0.maxBatchSize > 0 ? nil : "must be positive" }
        ),
        Setting(
            "request-timeout",
            "REQUEST_TIMEOUT_SECONDS",
            "Seconds a request body may take to arrive before a 408.",
            .seconds(\.requestTimeoutSeconds),
            check: { $0.requestTimeoutSeconds > 0 && $0.requestTimeoutSeconds.isFinite ? nil : "must be positive" }
        ),
        Setting(
            "idle-timeout",
            "IDLE_TIMEOUT_SECONDS",
            "Seconds a connection may stay silent before it is closed.",
            .seconds(\.idleTimeoutSeconds),
            check: { $0.idleTimeoutSeconds > 0 && $0.idleTimeoutSeconds.isFinite ? nil : "must be positive" }
        ),
        Setting(
            "routing-weights",
            "ROUTING_WEIGHTS",
            "Split of requests that name no model, e.g. lr:90,tr:10 or lr@1.0.0:90,lr@1.1.0:10; the same joker always gets the same model.",
            .routingWeights
        ),
        Setting(
            "shadow-model",
            "SHADOW_MODEL",
            "A model (or a version, lr@1.1.0) that also rates every prediction, without touching the answer.",
            .optionalText(\.shadowModel, placeholder: "<model>"),
            check: { $0.shadowModel?.isEmpty == true ? "is empty" : nil }
        ),
        Setting(
            "model-execution",
            "MODEL_EXECUTION",
            "Settings of models on threads of their own, over their kinds' defaults, e.g. \"emb: threads=1 queue=32 batch=16"
                + " batch-tokens=4096 delay-ms=5 timeout-ms=10000\"; models separated by ';'.",
            .modelExecution
        ),
        Setting(
            "docs-assets-url",
            "DOCS_ASSETS_URL",
            "Where /docs loads Swagger UI's script and style from: an http(s) URL or a path on this server.",
            .text(\.docsAssetsURL),
            check: { DocsAssetsLocation.problem(with: $0.docsAssetsURL) }
        ),
        Setting(
            "docs-assets-dir",
            "DOCS_ASSETS_DIR",
            "A folder of Swagger UI's dist files to serve under /docs/assets, which /docs then loads.",
            .optionalText(\.docsAssetsDirectory, placeholder: "<folder>"),
            check: { configuration in
                guard let directory = configuration.docsAssetsDirectory else { return nil }
                for file in ["swagger-ui-bundle.js", "swagger-ui.css"] where !FileManager.default.isReadableFile(atPath: directory + "/" + file) {
                    return "\(directory) holds no readable \(file); it must be Swagger UI's dist folder (scripts/fetch-swagger-ui.sh fetches one)"
                }
                return nil
            }
        ),
        Setting(
            nil,
            "ADMIN_TOKEN",
            "Bearer token (16 characters or more) of POST /admin/reload and the model repository API; unset disables them.",
            .optionalText(\.adminToken),
            check: { $0.adminToken.map { $0.utf8.count >= 16 } == false ? "must be at least 16 characters" : nil }
        ),
        Setting(nil, "ADMIN_TOKEN_FILE", "A file holding the admin token (a mounted Secret), read when ADMIN_TOKEN is not set.", .adminTokenFile),
        Setting(
            nil,
            "API_KEY",
            "Bearer token the embedding APIs (/v1/*, /embed, /tokenize, /info, POST /) require; unset leaves them open.",
            .optionalText(\.apiKey),
            check: { $0.apiKey?.isEmpty == true ? "is empty" : nil }
        ),
        Setting(
            "drain-seconds",
            "DRAIN_SECONDS",
            "Seconds readiness reports 503 before the server stops accepting.",
            .seconds(\.drainSeconds),
            check: { $0.drainSeconds >= 0 && $0.drainSeconds.isFinite ? nil : "must be 0 or more" }
        ),
        Setting(
            "haha-threshold",
            "HAHA_TRESH",
            "Ratings above this are funny (the original's variable).",
            .number(\.hahaThreshold),
            check: { $0.hahaThreshold.isFinite ? nil : "must be a number" }
        ),
        Setting(
            "joker-label-limit",
            "JOKER_LABEL_LIMIT",
            "Distinct joker names counted by joker_counter before the rest count as other.",
            .integer(\.jokerLabelLimit),
            check: { $0.jokerLabelLimit >= 0 ? nil : "must be 0 or more" }
        ),
        Setting("log-level", "LOG_LEVEL", "trace, debug, info, notice, warning, error or critical.", .level(\.logLevel, of: "log level")),
        Setting("log-format", "LOG_FORMAT", "text or json.", .logFormat),
        Setting(
            "request-log-level",
            "REQUEST_LOG_LEVEL",
            "The level of the line written per request; below the log level it is not written.",
            .level(\.requestLogLevel, of: "request log level")
        ),
    ]

    /// The setting whose flag is `flag` (without dashes).
    public static func setting(flag: String) -> Setting? {
        all.first { $0.flag == flag }
    }
}

extension Setting.Value {
    /// `--pin lr=1.0.0`, repeated, or `MODEL_PINS=lr=1.0.0,tr=2.0.0`.
    fileprivate static let pins = Self(
        placeholder: "<model=version>",
        repeats: true,
        apply: { input, configuration throws(GatewayConfiguration.UnreadableSetting) in
            do {
                configuration.pins = try input.isFlag ? VersionPins.parse(input.texts) : VersionPins.parse(list: input.text)
            } catch {
                throw .init("\(error)")
            }
        },
        shown: { _ in nil }
    )

    /// `lr:90,tr:10`.
    fileprivate static let routingWeights = Self(
        placeholder: "<weights>",
        apply: { input, configuration throws(GatewayConfiguration.UnreadableSetting) in
            do {
                configuration.routing = try RoutingPolicy(parsing: input.text)
            } catch {
                throw .init("routing weights \"\(input.text)\": \(error)")
            }
        },
        shown: { _ in nil }
    )

    /// `emb: threads=1 queue=32; other: threads=2`; by default each kind's own.
    fileprivate static let modelExecution = Self(
        placeholder: "<settings>",
        apply: { input, configuration throws(GatewayConfiguration.UnreadableSetting) in
            do {
                configuration.execution = try ExecutionOverrides(parsing: input.text)
            } catch {
                throw .init("model execution \"\(input.text)\": \(error)")
            }
        },
        shown: { _ in nil }
    )

    /// `text` or `json`, in any case.
    fileprivate static let logFormat = Self(
        placeholder: "<format>",
        apply: { input, configuration throws(GatewayConfiguration.UnreadableSetting) in
            guard let format = LogFormat(rawValue: input.text.lowercased()) else { throw .init("log format \"\(input.text)\" is not text or json") }
            configuration.logFormat = format
        },
        shown: { $0.logFormat.rawValue }
    )

    /// The token kept in a file (a mounted Kubernetes Secret), without its trailing line break; read only when
    /// `ADMIN_TOKEN` gave none.
    fileprivate static let adminTokenFile = Self(
        placeholder: "<file>",
        apply: { input, configuration throws(GatewayConfiguration.UnreadableSetting) in
            guard configuration.adminToken == nil else { return }
            do {
                configuration.adminToken = try String(contentsOfFile: input.text, encoding: .utf8).trimmingCharacters(in: .newlines)
            } catch {
                throw .init("ADMIN_TOKEN_FILE \(input.text) cannot be read: \(error.localizedDescription)")
            }
        },
        shown: { _ in nil }
    )
}
