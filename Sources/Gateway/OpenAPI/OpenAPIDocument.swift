/// The OpenAPI 3.1 document of every route, served at `GET /openapi.json` with the configured limits written in
/// (`OpenAPIDocument+Limits.swift`); `OpenAPIDocumentTests` keep it true to the router.
enum OpenAPIDocument {
    /// The document's template, JSON: the default limits, and no tensor counts yet.
    static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Jokemeter",
        "version": "0.1.0",
        "description": "Jokemeter rates how funny a joke is with TF-IDF models trained on rated Russian jokes, ridge regression (`lr`, the default) and a regression tree (`tr`), served by one process: `/api/v1` is the original service's JSON API, `/v2` the Open Inference Protocol (KServe V2) REST API, `/admin/reload` swaps in the models folder anew, and `/metrics` serves Prometheus metrics. Every answer carries `X-Request-Id`; every error is JSON `{\"error\": …}`, and an unknown route answers 404, a method a route does not take 405 with `Allow`."
      },
      "tags": [
        {"name": "v1", "description": "The original service's API."},
        {"name": "probes", "description": "Kubernetes probes."},
        {"name": "v2", "description": "Open Inference Protocol (KServe V2) REST."},
        {"name": "admin", "description": "Operations that need `ADMIN_TOKEN`."},
        {"name": "operations", "description": "Metrics and this document."}
      ],
      "paths": {
        "/api/v1/predict": {
          "post": {
            "tags": ["v1"],
            "operationId": "predict",
            "summary": "Rate a text",
            "description": "The model is the one the `X-Model` header names, else the `model` query parameter, else the traffic policy's choice (`ROUTING_WEIGHTS`, the same `joker` always getting the same model), else the default.",
            "parameters": [{"$ref": "#/components/parameters/X-Model"}, {"$ref": "#/components/parameters/model"}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PredictRequest"}}}
            },
            "responses": {
              "200": {
                "description": "The rating, and the model and version that gave it.",
                "headers": {
                  "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
                  "X-Model": {"$ref": "#/components/headers/X-Model"},
                  "X-Model-Version": {"$ref": "#/components/headers/X-Model-Version"}
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Prediction"}}}
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/UnknownModel"},
              "408": {"$ref": "#/components/responses/RequestTimeout"},
              "413": {"$ref": "#/components/responses/ContentTooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {"$ref": "#/components/responses/UnprocessableContent"}
            }
          }
        },
        "/api/v1/models/{name}/predict": {
          "post": {
            "tags": ["v1"],
            "operationId": "predictWithModel",
            "summary": "Rate a text with the named model",
            "parameters": [{"$ref": "#/components/parameters/name"}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PredictRequest"}}}
            },
            "responses": {
              "200": {
                "description": "The rating, and the model and version that gave it.",
                "headers": {
                  "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
                  "X-Model": {"$ref": "#/components/headers/X-Model"},
                  "X-Model-Version": {"$ref": "#/components/headers/X-Model-Version"}
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Prediction"}}}
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/UnknownModel"},
              "408": {"$ref": "#/components/responses/RequestTimeout"},
              "413": {"$ref": "#/components/responses/ContentTooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {"$ref": "#/components/responses/UnprocessableContent"}
            }
          }
        },
        "/api/v1/predict/batch": {
          "post": {
            "tags": ["v1"],
            "operationId": "predictBatch",
            "summary": "Rate several texts",
            "description": "The model is chosen as for `/api/v1/predict`, once for the whole batch.",
            "parameters": [{"$ref": "#/components/parameters/X-Model"}, {"$ref": "#/components/parameters/model"}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchRequest"}}}
            },
            "responses": {
              "200": {
                "description": "The ratings, one per text in order, and the model and version that gave them.",
                "headers": {
                  "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
                  "X-Model": {"$ref": "#/components/headers/X-Model"},
                  "X-Model-Version": {"$ref": "#/components/headers/X-Model-Version"}
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchPrediction"}}}
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/UnknownModel"},
              "408": {"$ref": "#/components/responses/RequestTimeout"},
              "413": {"$ref": "#/components/responses/ContentTooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {"$ref": "#/components/responses/UnprocessableContent"}
            }
          }
        },
        "/api/v1/models/{name}/predict/batch": {
          "post": {
            "tags": ["v1"],
            "operationId": "predictBatchWithModel",
            "summary": "Rate several texts with the named model",
            "parameters": [{"$ref": "#/components/parameters/name"}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchRequest"}}}
            },
            "responses": {
              "200": {
                "description": "The ratings, one per text in order, and the model and version that gave them.",
                "headers": {
                  "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
                  "X-Model": {"$ref": "#/components/headers/X-Model"},
                  "X-Model-Version": {"$ref": "#/components/headers/X-Model-Version"}
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchPrediction"}}}
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/UnknownModel"},
              "408": {"$ref": "#/components/responses/RequestTimeout"},
              "413": {"$ref": "#/components/responses/ContentTooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {"$ref": "#/components/responses/UnprocessableContent"}
            }
          }
        },
        "/api/v1/version": {
          "get": {
            "tags": ["v1"],
            "operationId": "version",
            "summary": "The application's version and the model a request would get",
            "parameters": [{"$ref": "#/components/parameters/X-Model"}, {"$ref": "#/components/parameters/model"}],
            "responses": {
              "200": {
                "description": "The version, the model this request would get (under `ROUTING_WEIGHTS`, one draw of the policy, as for a request without a joker), and every model's name.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Version"}}}
              },
              "404": {"$ref": "#/components/responses/UnknownModel"}
            }
          }
        },
        "/api/v1/models": {
          "get": {
            "tags": ["v1"],
            "operationId": "listModels",
            "summary": "Every loaded model",
            "responses": {
              "200": {
                "description": "The default model's name and every model with its kind, version, digest and training figures.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ModelList"}}}
              }
            }
          }
        },
        "/api/v1/startup": {
          "get": {
            "tags": ["probes"],
            "operationId": "startupProbe",
            "summary": "Startup probe: the models are loaded and warm",
            "responses": {
              "200": {
                "description": "Started.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["status"],
                      "properties": {"status": {"const": "started"}},
                      "additionalProperties": false
                    }
                  }
                }
              },
              "503": {
                "$ref": "#/components/responses/Unavailable",
                "description": "Starting: the models are still warming up."
              }
            }
          }
        },
        "/api/v1/ready": {
          "get": {
            "tags": ["probes"],
            "operationId": "readinessProbe",
            "summary": "Readiness probe: the service takes traffic",
            "responses": {
              "200": {
                "description": "Ready.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["status"],
                      "properties": {"status": {"const": "ready"}},
                      "additionalProperties": false
                    }
                  }
                }
              },
              "503": {"$ref": "#/components/responses/Unavailable", "description": "Starting, or draining after SIGTERM."}
            }
          }
        },
        "/api/v1/health": {
          "get": {
            "tags": ["probes"],
            "operationId": "healthProbe",
            "summary": "Liveness probe: the process answers",
            "responses": {
              "200": {
                "description": "Alive.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["status"],
                      "properties": {"status": {"const": "ok"}},
                      "additionalProperties": false
                    }
                  }
                }
              }
            }
          }
        },
        "/v2": {
          "get": {
            "tags": ["v2"],
            "operationId": "v2ServerMetadata",
            "summary": "Server metadata",
            "responses": {
              "200": {
                "description": "The server's name, version and protocol extensions.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ServerMetadata"}}}
              }
            }
          }
        },
        "/v2/health/live": {
          "get": {
            "tags": ["v2"],
            "operationId": "v2ServerLive",
            "summary": "Server liveness",
            "responses": {
              "200": {
                "description": "Alive.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["live"],
                      "properties": {"live": {"const": true}},
                      "additionalProperties": false
                    }
                  }
                }
              }
            }
          }
        },
        "/v2/health/ready": {
          "get": {
            "tags": ["v2"],
            "operationId": "v2ServerReady",
            "summary": "Server readiness",
            "responses": {
              "200": {
                "description": "Ready.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": ["ready"],
                      "properties": {"ready": {"const": true}},
                      "additionalProperties": false
                    }
                  }
                }
              },
              "503": {"$ref": "#/components/responses/Unavailable", "description": "Starting, or draining after SIGTERM."}
            }
          }
        },
        "/v2/models": {
          "get": {
            "tags": ["v2"],
            "operationId": "v2ModelIndex",
            "summary": "Every loaded model",
            "responses": {
              "200": {
                "description": "Every model, with its version and state.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ModelIndex"}}}
              }
            }
          }
        },
        "/v2/models/{model}": {
          "get": {
            "tags": ["v2"],
            "operationId": "v2ModelMetadata",
            "summary": "Metadata of the model",
            "parameters": [{"$ref": "#/components/parameters/v2-model"}],
            "responses": {
              "200": {
                "description": "Its versions, platform and tensors.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ModelMetadata"}}}
              },
              "404": {"$ref": "#/components/responses/UnknownModel", "description": "No model by that name."}
            }
          }
        },
        "/v2/models/{model}/ready": {
          "get": {
            "tags": ["v2"],
            "operationId": "v2ModelReady",
            "summary": "Whether the model is ready",
            "parameters": [{"$ref": "#/components/parameters/v2-model"}],
            "responses": {
              "200": {
                "description": "Ready.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ModelReady"}}}
              },
              "404": {"$ref": "#/components/responses/UnknownModel", "description": "No model by that name."},
              "503": {
                "$ref": "#/components/responses/Unavailable",
                "description": "Starting: the models are still warming up."
              }
            }
          }
        },
        "/v2/models/{model}/infer": {
          "post": {
            "tags": ["v2"],
            "operationId": "v2Infer",
            "summary": "Rate texts with the model",
            "description": "Open Inference Protocol inference: the texts of the one input `text` (BYTES, shape `[N]` or `[N, 1]`, 1 to `MAX_BATCH_SIZE` (default 64) of them) rated as `/api/v1/predict` rates them, returned as the FP32 output `rating` of shape `[N]`. The binary tensor extension is accepted too: a body whose first `Inference-Header-Content-Length` bytes are this JSON (its input's `parameters.binary_data_size` saying how many bytes of length-prefixed UTF-8 strings follow, in place of `data`); `binary_data_output` (request parameter) or an output's `binary_data` asks for the ratings as raw little-endian FP32 after the JSON, answered as `application/octet-stream`.",
            "parameters": [{"$ref": "#/components/parameters/v2-model"}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InferenceRequest"}}}
            },
            "responses": {
              "200": {
                "description": "The ratings, in the order of the texts.",
                "headers": {
                  "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
                  "X-Model": {"$ref": "#/components/headers/X-Model"},
                  "X-Model-Version": {"$ref": "#/components/headers/X-Model-Version"},
                  "Inference-Header-Content-Length": {"$ref": "#/components/headers/Inference-Header-Content-Length"}
                },
                "content": {
                  "application/json": {"schema": {"$ref": "#/components/schemas/InferenceResponse"}},
                  "application/octet-stream": {
                    "schema": {
                      "description": "The response JSON (its output without `data`, with `parameters.binary_data_size`), then the ratings as little-endian FP32."
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "The body is not JSON or not UTF-8, or the tensors are not what the model takes: `error` says which (input name or datatype, shape, data count or element, output name, too many texts)."
              },
              "404": {"$ref": "#/components/responses/UnknownModel", "description": "No model by that name."},
              "408": {"$ref": "#/components/responses/RequestTimeout"},
              "413": {"$ref": "#/components/responses/ContentTooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {
                "$ref": "#/components/responses/UnprocessableContent",
                "description": "The body is JSON but not an object."
              },
              "503": {"$ref": "#/components/responses/ModelUnavailable"}
            }
          }
        },
        "/v2/models/{model}/versions/{version}": {
          "get": {
            "tags": ["v2"],
            "operationId": "v2ModelMetadataVersion",
            "summary": "Metadata of the model at that version (the one it serves)",
            "parameters": [{"$ref": "#/components/parameters/v2-model"}, {"$ref": "#/components/parameters/v2-version"}],
            "responses": {
              "200": {
                "description": "Its versions, platform and tensors.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ModelMetadata"}}}
              },
              "404": {
                "$ref": "#/components/responses/UnknownModel",
                "description": "No model by that name, or it does not serve that version."
              }
            }
          }
        },
        "/v2/models/{model}/versions/{version}/ready": {
          "get": {
            "tags": ["v2"],
            "operationId": "v2ModelReadyVersion",
            "summary": "Whether the model at that version (the one it serves) is ready",
            "parameters": [{"$ref": "#/components/parameters/v2-model"}, {"$ref": "#/components/parameters/v2-version"}],
            "responses": {
              "200": {
                "description": "Ready.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ModelReady"}}}
              },
              "404": {
                "$ref": "#/components/responses/UnknownModel",
                "description": "No model by that name, or it does not serve that version."
              },
              "503": {
                "$ref": "#/components/responses/Unavailable",
                "description": "Starting: the models are still warming up."
              }
            }
          }
        },
        "/v2/models/{model}/versions/{version}/infer": {
          "post": {
            "tags": ["v2"],
            "operationId": "v2InferVersion",
            "summary": "Rate texts with the model at that version (the one it serves)",
            "description": "Open Inference Protocol inference: the texts of the one input `text` (BYTES, shape `[N]` or `[N, 1]`, 1 to `MAX_BATCH_SIZE` (default 64) of them) rated as `/api/v1/predict` rates them, returned as the FP32 output `rating` of shape `[N]`. The binary tensor extension is accepted too: a body whose first `Inference-Header-Content-Length` bytes are this JSON (its input's `parameters.binary_data_size` saying how many bytes of length-prefixed UTF-8 strings follow, in place of `data`); `binary_data_output` (request parameter) or an output's `binary_data` asks for the ratings as raw little-endian FP32 after the JSON, answered as `application/octet-stream`.",
            "parameters": [{"$ref": "#/components/parameters/v2-model"}, {"$ref": "#/components/parameters/v2-version"}],
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InferenceRequest"}}}
            },
            "responses": {
              "200": {
                "description": "The ratings, in the order of the texts.",
                "headers": {
                  "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
                  "X-Model": {"$ref": "#/components/headers/X-Model"},
                  "X-Model-Version": {"$ref": "#/components/headers/X-Model-Version"},
                  "Inference-Header-Content-Length": {"$ref": "#/components/headers/Inference-Header-Content-Length"}
                },
                "content": {
                  "application/json": {"schema": {"$ref": "#/components/schemas/InferenceResponse"}},
                  "application/octet-stream": {
                    "schema": {
                      "description": "The response JSON (its output without `data`, with `parameters.binary_data_size`), then the ratings as little-endian FP32."
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest",
                "description": "The body is not JSON or not UTF-8, or the tensors are not what the model takes: `error` says which (input name or datatype, shape, data count or element, output name, too many texts)."
              },
              "404": {
                "$ref": "#/components/responses/UnknownModel",
                "description": "No model by that name, or it does not serve that version."
              },
              "408": {"$ref": "#/components/responses/RequestTimeout"},
              "413": {"$ref": "#/components/responses/ContentTooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {
                "$ref": "#/components/responses/UnprocessableContent",
                "description": "The body is JSON but not an object."
              },
              "503": {"$ref": "#/components/responses/ModelUnavailable"}
            }
          }
        },
        "/admin/reload": {
          "post": {
            "tags": ["admin"],
            "operationId": "reloadModels",
            "summary": "Reload the models",
            "description": "Loads the models folder again, checks and warms the new set, and swaps it in whole (as SIGHUP does); requests in flight finish on the old set. Enabled only when `ADMIN_TOKEN` is set.",
            "security": [{"bearer": []}],
            "responses": {
              "200": {
                "description": "The new set is serving.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Reloaded"}}}
              },
              "401": {
                "description": "`Authorization: Bearer …` is missing or malformed.",
                "headers": {
                  "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
                  "WWW-Authenticate": {"$ref": "#/components/headers/WWW-Authenticate"}
                },
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "403": {
                "description": "The token is not `ADMIN_TOKEN`, or admin routes are disabled (no `ADMIN_TOKEN`).",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              },
              "409": {
                "description": "The new set failed to load; the previous models keep serving and `models` names them.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
              }
            }
          }
        },
        "/metrics": {
          "get": {
            "tags": ["operations"],
            "operationId": "metrics",
            "summary": "Prometheus metrics",
            "responses": {
              "200": {
                "description": "Every metric, in Prometheus' text format 0.0.4.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {"text/plain": {"schema": {"type": "string"}}}
              }
            }
          }
        },
        "/openapi.json": {
          "get": {
            "tags": ["operations"],
            "operationId": "openAPI",
            "summary": "This document",
            "responses": {
              "200": {
                "description": "The OpenAPI 3.1 document of every route.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "info", "paths"]}}}
              }
            }
          }
        }
      },
      "components": {
        "schemas": {
          "Error": {
            "type": "object",
            "required": ["error"],
            "additionalProperties": false,
            "description": "Every error's answer.",
            "properties": {
              "error": {"type": "string", "description": "What is wrong, in words."},
              "models": {
                "type": "array",
                "items": {"type": "string"},
                "description": "The loaded models' names: on an unknown model, and on a failed reload."
              }
            }
          },
          "Text": {
            "type": "string",
            "minLength": 1,
            "maxLength": 10000,
            "pattern": "[^\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]",
            "description": "A text to rate: at most `MAX_TEXT_CHARS` (default 10000) Unicode code points, not only white space (the body as a whole is held to `MAX_BODY_BYTES`, default 65536)."
          },
          "Joker": {
            "type": ["string", "null"],
            "description": "Who tells the joke: counted in metrics; under a traffic policy, the same joker always gets the same model."
          },
          "PredictRequest": {
            "type": "object",
            "required": ["text"],
            "description": "Other fields are ignored.",
            "properties": {"text": {"$ref": "#/components/schemas/Text"}, "joker": {"$ref": "#/components/schemas/Joker"}}
          },
          "BatchRequest": {
            "type": "object",
            "required": ["texts"],
            "description": "Other fields are ignored.",
            "properties": {
              "texts": {
                "type": "array",
                "minItems": 1,
                "maxItems": 64,
                "items": {"$ref": "#/components/schemas/Text"},
                "description": "1 to `MAX_BATCH_SIZE` (default 64) texts; the body's limit (`MAX_BODY_BYTES`) applies to the whole."
              },
              "joker": {"$ref": "#/components/schemas/Joker"}
            }
          },
          "Prediction": {
            "type": "object",
            "required": ["model", "rating", "version"],
            "properties": {"model": {"type": "string"}, "rating": {"type": "number"}, "version": {"type": "string"}},
            "additionalProperties": false
          },
          "BatchPrediction": {
            "type": "object",
            "required": ["model", "ratings", "version"],
            "properties": {
              "model": {"type": "string"},
              "ratings": {"type": "array", "items": {"type": "number"}},
              "version": {"type": "string"}
            },
            "additionalProperties": false
          },
          "Version": {
            "type": "object",
            "required": ["version", "model", "models"],
            "properties": {
              "version": {"type": "string"},
              "model": {"type": "string"},
              "models": {"type": "array", "items": {"type": "string"}}
            },
            "additionalProperties": false
          },
          "ModelList": {
            "type": "object",
            "required": ["default", "models"],
            "properties": {
              "default": {"type": "string"},
              "models": {"type": "array", "items": {"$ref": "#/components/schemas/ModelInfo"}}
            },
            "additionalProperties": false
          },
          "ModelInfo": {
            "type": "object",
            "required": ["name", "kind", "version", "digest", "default"],
            "properties": {
              "name": {"type": "string"},
              "kind": {"type": "string"},
              "version": {"type": "string"},
              "digest": {"$ref": "#/components/schemas/Digest"},
              "createdAt": {"type": "string", "description": "When the artifact was written (ISO 8601)."},
              "default": {"type": "boolean"},
              "training": {"$ref": "#/components/schemas/TrainingRecord"}
            },
            "additionalProperties": false
          },
          "Digest": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$", "description": "SHA-256 of the artifact file."},
          "TrainingRecord": {
            "type": "object",
            "required": ["dataset", "rows", "sha256", "params"],
            "properties": {
              "dataset": {"type": "string"},
              "rows": {"type": "integer"},
              "sha256": {"type": "string"},
              "params": {"type": "object", "description": "The final model's hyper-parameters."},
              "cv": {
                "type": "object",
                "required": ["rmse", "mae", "baselineRmse", "baselineMae", "folds"],
                "properties": {
                  "rmse": {"type": "number"},
                  "mae": {"type": "number"},
                  "baselineRmse": {"type": "number"},
                  "baselineMae": {"type": "number"},
                  "folds": {"type": "integer"}
                },
                "additionalProperties": false
              }
            },
            "additionalProperties": false
          },
          "Reloaded": {
            "type": "object",
            "required": ["status", "default", "models"],
            "properties": {
              "status": {"const": "reloaded"},
              "default": {"type": "string"},
              "models": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["name", "kind", "version", "digest"],
                  "properties": {
                    "name": {"type": "string"},
                    "kind": {"type": "string"},
                    "version": {"type": "string"},
                    "digest": {"$ref": "#/components/schemas/Digest"}
                  },
                  "additionalProperties": false
                }
              }
            },
            "additionalProperties": false
          },
          "ServerMetadata": {
            "type": "object",
            "required": ["name", "version", "extensions"],
            "properties": {
              "name": {"const": "jokemeter"},
              "version": {"type": "string"},
              "extensions": {"type": "array", "items": {"type": "string"}}
            },
            "additionalProperties": false
          },
          "ModelReady": {
            "type": "object",
            "required": ["name", "ready"],
            "properties": {"name": {"type": "string"}, "ready": {"const": true}},
            "additionalProperties": false
          },
          "ModelIndex": {
            "type": "object",
            "required": ["models"],
            "properties": {
              "models": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["name", "version", "state"],
                  "properties": {"name": {"type": "string"}, "version": {"type": "string"}, "state": {"const": "READY"}},
                  "additionalProperties": false
                }
              }
            },
            "additionalProperties": false
          },
          "ModelMetadata": {
            "type": "object",
            "required": ["name", "versions", "platform", "inputs", "outputs"],
            "properties": {
              "name": {"type": "string"},
              "versions": {"type": "array", "items": {"type": "string"}},
              "platform": {"type": "string", "pattern": "^jokemeter/", "description": "`jokemeter/` and the model's kind."},
              "inputs": {"type": "array", "items": {"$ref": "#/components/schemas/TensorMetadata"}},
              "outputs": {"type": "array", "items": {"$ref": "#/components/schemas/TensorMetadata"}}
            },
            "additionalProperties": false
          },
          "TensorMetadata": {
            "type": "object",
            "required": ["name", "datatype", "shape"],
            "properties": {
              "name": {"type": "string"},
              "datatype": {"type": "string"},
              "shape": {"type": "array", "items": {"type": "integer"}}
            },
            "additionalProperties": false
          },
          "InferenceRequest": {
            "type": "object",
            "required": ["inputs"],
            "description": "Other fields are ignored.",
            "properties": {
              "id": {"type": ["string", "null"], "description": "Echoed in the answer."},
              "parameters": {"type": ["object", "null"]},
              "inputs": {
                "type": "array",
                "minItems": 1,
                "maxItems": 1,
                "items": {"$ref": "#/components/schemas/TextTensor"}
              },
              "outputs": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/RequestedOutput"}}
            }
          },
          "TextTensor": {
            "type": "object",
            "required": ["name", "datatype", "shape", "data"],
            "description": "The texts: shape `[N]` or `[N, 1]` with N from 1 to `MAX_BATCH_SIZE` (default 64); `data` holds exactly N texts, flat, or (shape `[N, 1]` only) as N rows of one. Other fields are ignored.",
            "properties": {
              "name": {"const": "text"},
              "datatype": {"const": "BYTES"},
              "shape": {
                "type": "array",
                "minItems": 1,
                "maxItems": 2,
                "prefixItems": [{"type": "integer", "minimum": 1, "maximum": 64}, {"const": 1}]
              },
              "data": {
                "type": "array",
                "anyOf": [
                  {"items": {"$ref": "#/components/schemas/Text"}},
                  {
                    "items": {
                      "type": "array",
                      "minItems": 1,
                      "maxItems": 1,
                      "items": {"$ref": "#/components/schemas/Text"}
                    }
                  }
                ]
              },
              "parameters": {
                "type": ["object", "null"],
                "description": "`binary_data_size` belongs to the binary tensor extension: in a JSON-only body it is refused (400), there being no binary data after the JSON."
              }
            },
            "allOf": [
              {
                "anyOf": [
                  {"properties": {"data": {"items": {"type": "string"}}}},
                  {"properties": {"shape": {"minItems": 2}}}
                ]
              },
              {"$ref": "#/components/schemas/TextTensorCount"}
            ]
          },
          "TextTensorCount": {
            "description": "`data` has as many items as `shape` says: one branch per count from 1 to `MAX_BATCH_SIZE`, written in when the document is served (up to 1024).",
            "anyOf": [{}]
          },
          "RequestedOutput": {
            "type": "object",
            "required": ["name"],
            "description": "Other fields are ignored.",
            "properties": {
              "name": {"const": "rating"},
              "parameters": {"type": ["object", "null"], "properties": {"binary_data": {"type": "boolean"}}}
            }
          },
          "InferenceResponse": {
            "type": "object",
            "required": ["model_name", "model_version", "outputs"],
            "properties": {
              "id": {"type": "string"},
              "model_name": {"type": "string"},
              "model_version": {"type": "string"},
              "outputs": {
                "type": "array",
                "minItems": 1,
                "maxItems": 1,
                "items": {"$ref": "#/components/schemas/RatingTensor"}
              }
            },
            "additionalProperties": false
          },
          "RatingTensor": {
            "type": "object",
            "required": ["name", "datatype", "shape"],
            "properties": {
              "name": {"const": "rating"},
              "datatype": {"const": "FP32"},
              "shape": {"type": "array", "minItems": 1, "maxItems": 1, "items": {"type": "integer", "minimum": 1}},
              "data": {"type": "array", "items": {"type": "number"}},
              "parameters": {
                "type": "object",
                "required": ["binary_data_size"],
                "properties": {"binary_data_size": {"type": "integer", "minimum": 0}},
                "additionalProperties": false
              }
            },
            "additionalProperties": false
          }
        },
        "parameters": {
          "X-Model": {
            "name": "X-Model",
            "in": "header",
            "required": false,
            "schema": {"type": "string"},
            "description": "The model to use (the header's name is `MODEL_HEADER`; blank counts as absent)."
          },
          "model": {
            "name": "model",
            "in": "query",
            "required": false,
            "schema": {"type": "string"},
            "description": "The model to use when no `X-Model` header names one (blank counts as absent)."
          },
          "name": {
            "name": "name",
            "in": "path",
            "required": true,
            "schema": {"type": "string"},
            "example": "lr",
            "description": "The model to use."
          },
          "v2-model": {
            "name": "model",
            "in": "path",
            "required": true,
            "schema": {"type": "string"},
            "example": "lr",
            "description": "The model's name."
          },
          "v2-version": {
            "name": "version",
            "in": "path",
            "required": true,
            "schema": {"type": "string"},
            "example": "1.0.0",
            "description": "The model's version; only the one it serves is found."
          }
        },
        "headers": {
          "X-Request-Id": {
            "description": "The client's `X-Request-Id` when it is 1 to 128 visible ASCII characters, else a new one.",
            "required": true,
            "schema": {"type": "string", "pattern": "^[!-~]{1,128}$"}
          },
          "X-Model": {"description": "The model that rated the text.", "required": true, "schema": {"type": "string"}},
          "X-Model-Version": {"description": "That model's version.", "required": true, "schema": {"type": "string"}},
          "X-Model-Chosen": {
            "description": "The model chosen, when it was chosen before the request failed.",
            "required": false,
            "schema": {"type": "string"}
          },
          "X-Model-Version-Chosen": {
            "description": "That model's version.",
            "required": false,
            "schema": {"type": "string"}
          },
          "Allow": {"description": "The methods the route accepts.", "required": true, "schema": {"type": "string"}},
          "WWW-Authenticate": {
            "description": "The challenge.",
            "required": true,
            "schema": {"const": "Bearer realm=\"jokemeter\""}
          },
          "Inference-Header-Content-Length": {
            "description": "On a binary (`application/octet-stream`) answer: how many bytes of it are JSON.",
            "required": false,
            "schema": {"type": "string", "pattern": "^[0-9]+$"}
          }
        },
        "responses": {
          "BadRequest": {
            "description": "The body is not JSON, is empty, or is not UTF-8.",
            "headers": {
              "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
              "X-Model": {"$ref": "#/components/headers/X-Model-Chosen"},
              "X-Model-Version": {"$ref": "#/components/headers/X-Model-Version-Chosen"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "RequestTimeout": {
            "description": "The body was still arriving when the request timeout (`REQUEST_TIMEOUT_SECONDS`, default 10) passed; the connection is closed.",
            "headers": {
              "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
              "X-Model": {"$ref": "#/components/headers/X-Model-Chosen"},
              "X-Model-Version": {"$ref": "#/components/headers/X-Model-Version-Chosen"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "ContentTooLarge": {
            "description": "The body is larger than `MAX_BODY_BYTES` (default 65536).",
            "headers": {
              "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
              "X-Model": {"$ref": "#/components/headers/X-Model-Chosen"},
              "X-Model-Version": {"$ref": "#/components/headers/X-Model-Version-Chosen"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "UnsupportedMediaType": {
            "description": "`Content-Type` is neither `application/json` nor `application/*+json` (a request without one is taken as JSON).",
            "headers": {
              "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
              "X-Model": {"$ref": "#/components/headers/X-Model-Chosen"},
              "X-Model-Version": {"$ref": "#/components/headers/X-Model-Version-Chosen"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "UnprocessableContent": {
            "description": "The body is JSON of the wrong shape; `error` names the field at fault.",
            "headers": {
              "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
              "X-Model": {"$ref": "#/components/headers/X-Model-Chosen"},
              "X-Model-Version": {"$ref": "#/components/headers/X-Model-Version-Chosen"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "UnknownModel": {
            "description": "No model by that name; `models` lists the loaded ones.",
            "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "Unavailable": {
            "description": "Not ready: starting, or draining after SIGTERM.",
            "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "ModelUnavailable": {
            "description": "Starting: the models are still warming up.",
            "headers": {
              "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
              "X-Model": {"$ref": "#/components/headers/X-Model-Chosen"},
              "X-Model-Version": {"$ref": "#/components/headers/X-Model-Version-Chosen"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          },
          "MethodNotAllowed": {
            "description": "Every route answers a method it does not take with 405 and `Allow`.",
            "headers": {
              "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"},
              "Allow": {"$ref": "#/components/headers/Allow"}
            },
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
          }
        },
        "securitySchemes": {
          "bearer": {"type": "http", "scheme": "bearer", "description": "`ADMIN_TOKEN` (at least 16 characters)."}
        }
      }
    }
    """#
}
