export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics: runs, steps/s, queue depth, sockets, dropped frames */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: database open, pool up, not shutting down */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/experiments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your experiments (status and progress) */
        get: operations["listExperiments"];
        put?: never;
        /** Start a sweep: every grid point × seed is a task on the pool (batch lane, fair across users); 202 with the experiment */
        post: operations["createExperiment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/experiments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Status, progress (done/total, ETA) and the results table so far */
        get: operations["getExperiment"];
        put?: never;
        post?: never;
        /** Cancel: tasks not started never run (rows "cancelled"); running ones finish; ?purge=true also deletes it */
        delete: operations["cancelExperiment"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/experiments/{id}/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download the results table: one row per grid point × seed (parameters, seed, status, metrics, error, ms, version) */
        get: operations["getExperimentResults"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every model kind with its description, presets and schemas */
        get: operations["listModels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One model kind: description, equations, references, config JSON Schema, defaults, presets */
        get: operations["getModel"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sessions you may see */
        get: operations["listSessions"];
        put?: never;
        /** Create a session from defaults, a preset or a config; 201 with the resolved config and the seed */
        post: operations["createSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One session */
        get: operations["getSession"];
        put?: never;
        post?: never;
        /** Delete a session (its active run is stopped first) */
        delete: operations["deleteSession"];
        options?: never;
        head?: never;
        /** Rename, set live parameters, or replace the config/seed (rebuilds the network; 409 while a run is active) */
        patch: operations["updateSession"];
        trace?: never;
    };
    "/v1/sessions/{id}/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rebuild the network from its config and seed, at step 0 */
        post: operations["resetSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The session's runs and trainings */
        get: operations["listRuns"];
        put?: never;
        /** Run steps on the worker pool: 202 (queued/running), or 200 with the finished run when wait=true */
        post: operations["startRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Status (queued, running, paused, done, cancelled, failed), progress and metrics */
        get: operations["getRun"];
        put?: never;
        post?: never;
        /** Cancel: a queued run never starts, a running one stops after its current step */
        delete: operations["cancelRun"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/runs/{runId}/recording": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download what the run recorded (json, csv, npz, arrow or npy), with its names and metadata
         * @description csv: `pd.read_csv(url)` reads it with no arguments (metadata: …/recording/meta). npz: `np.load(io.BytesIO(body))` → t, step, one array per field and `meta` (JSON text). arrow: `pd.read_feather(io.BytesIO(body))`, metadata in the schema (key "rnnlab"). npy: one float64 array, samples × columns (the names are meta.columns), or field= alone (samples × width). Sent in chunks as produced.
         */
        get: operations["getRecording"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/runs/{runId}/recording/meta": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The recording's metadata: seed, resolved config, run request, versions, samples, widths and column names */
        get: operations["getRecordingMeta"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Current time, step and observed fields (the latest frame while a run streams) */
        get: operations["getSessionState"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions/{id}/train": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Train the session's model (the body follows the kind's trainSchema, see GET /v1/models/{kind}); ?wait=true answers when done */
        post: operations["startTraining"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Experiment: {
            /** @description ISO 8601 date-time (UTC) */
            createdAt: string;
            error: string | null;
            finishedAt: string | null;
            id: string;
            model: string;
            name: string | null;
            owner: string;
            progress: components["schemas"]["ExperimentProgress"];
            /** @description The experiment request, as validated (defaults filled) */
            request: {
                [key: string]: unknown;
            };
            /** @description The finished rows (unless ?results=false) */
            results?: components["schemas"]["ResultsTable"];
            /** @enum {string} */
            status: "running" | "done" | "cancelled" | "failed";
            /** @description Tasks: grid points × seeds */
            total: number;
            versions: components["schemas"]["Versions"];
        };
        ExperimentList: {
            experiments: components["schemas"]["Experiment"][];
        };
        ExperimentProgress: {
            cancelled: number;
            done: number;
            elapsedSeconds: number | null;
            /** @description Estimated seconds left (null until there is a rate) */
            etaSeconds: number | null;
            failed: number;
            /** @description (done + failed + cancelled) / total */
            fraction: number;
            pending: number;
            running: number;
            total: number;
        };
        ExperimentResults: {
            experiment: string;
            metrics: string[];
            model: string;
            name: string | null;
            params: string[];
            progress: components["schemas"]["ExperimentProgress"];
            /** @description The experiment request */
            request: {
                [key: string]: unknown;
            };
            rows: components["schemas"]["ResultRow"][];
            /** @enum {string} */
            status: "running" | "done" | "cancelled" | "failed";
            total: number;
            versions: components["schemas"]["Versions"];
        };
        FieldIssue: {
            /** @description What is wrong with it, for people */
            message: string;
            /** @description Dotted path of the failing field, prefixed by where it came from: "body.steps", "config.recurrent.gain", "querystring.format" */
            path: string;
        };
        Health: {
            /** @description Numerical kernels in use: native-avx512, native-avx2 (x86 vectors) or wasm (WebAssembly SIMD); the same results either way */
            kernels: string;
            /** @constant */
            status: "ok";
            /** @description Seconds since the process started */
            uptimeSeconds: number;
            versions: components["schemas"]["Versions"];
        };
        Model: {
            /** @description The field shown as the population activity */
            activityField: string | null;
            /** @description JSON Schema of the config (every field with its default, description and unit) */
            configSchema: {
                [key: string]: unknown;
            };
            /** @description The default config */
            defaults: {
                [key: string]: unknown;
            };
            /** @description Time per step of the default config, in timeUnit */
            dt: number;
            equations: string[];
            /** @description Observed fields (frames and recordings) with what each is */
            fields: {
                [key: string]: string;
            };
            /** @description Generic input channels of the default config */
            inputChannels: number;
            /** @description The kind's name, as in POST /v1/sessions {"model": …} */
            kind: string;
            /** @description JSON Schema of the live parameters (PATCH live, run live, stream set) */
            liveSchema: {
                [key: string]: unknown;
            };
            presets: components["schemas"]["Preset"][];
            references: string[];
            /** @description What the model is and what to look for */
            summary: string;
            /** @description Unit of t and dt: ms, s, tau (membrane time constants) or step */
            timeUnit: string;
            title: string;
            /** @description Whether POST /v1/sessions/{id}/train applies */
            trainable: boolean;
            /** @description JSON Schema of the training request, or null when the kind has none */
            trainSchema: {
                [key: string]: unknown;
            } | null;
        };
        ModelList: {
            models: components["schemas"]["Model"][];
        };
        Preset: {
            /** @description The preset's config fields (defaults fill the rest) */
            config: {
                [key: string]: unknown;
            };
            description: string;
            name: string;
            /** @description The paper or figure it reproduces */
            reference: string | null;
            /** @description A suggested run request for it (POST /v1/sessions/{id}/runs) */
            run: {
                [key: string]: unknown;
            } | null;
        };
        /** @description An error (RFC 9457 problem details). Extension members (runId, checks, …) may be present. */
        Problem: {
            /** @description Stable machine-readable code, e.g. RNN_ERR_VALIDATION, RNN_ERR_NOT_FOUND, RNN_ERR_SESSION_BUSY */
            code: string;
            /** @description What went wrong, for people */
            detail: string;
            /** @description Validation errors: one entry per failing field */
            errors?: components["schemas"]["FieldIssue"][];
            /** @description The request path */
            instance: string;
            /** @description The HTTP status code */
            status: number;
            /** @description The HTTP status text */
            title: string;
            /** @description urn:rnnlab:error:<code> */
            type: string;
        } & {
            [key: string]: unknown;
        };
        Readiness: {
            /** @description Runs on a worker now */
            activeRuns: number;
            /** @description Each readiness check (database, pool, accepting…) and whether it passes */
            checks: {
                [key: string]: boolean;
            };
            /** @description Runs waiting for a worker */
            queueDepth: number;
            /** @constant */
            status: "ready";
            /** @description Connected stream clients */
            websocketClients: number;
        };
        Recording: {
            /** @description Each recorded field: samples (scalars) or samples × width */
            fields: {
                [key: string]: (number | null)[] | (number | null)[][];
            };
            meta: components["schemas"]["RecordingMeta"];
            /** @description Step of each sample */
            step: number[];
            /** @description Model time of each sample, in timeUnit */
            t: number[];
        };
        RecordingMeta: {
            /** @description Column names of the CSV, Arrow and NPY forms: t, step, then field or field[j] */
            columns: string[];
            /** @description A kind's resolved config (every field, defaults filled); its JSON Schema is GET /v1/models/{kind} → configSchema */
            config: {
                [key: string]: unknown;
            };
            model: string;
            /** @description Steps between samples */
            recordEvery: number;
            /** @description The run request */
            request: unknown;
            run: string;
            /** @description Recorded samples (rows) */
            samples: number;
            seed: number;
            session: string;
            status: components["schemas"]["RunStatus"];
            /** @description Unit of t and dt: ms, s, tau (membrane time constants) or step */
            timeUnit: string;
            versions: components["schemas"]["Versions"];
            /** @description Values per sample of each recorded field (1: a scalar) */
            widths: {
                [key: string]: number;
            };
        };
        ResultRow: {
            error: string | null;
            /** @description Row index: grid point × seed, in grid order */
            index: number;
            /** @description The requested (or every scalar) metric; null where missing */
            metrics: {
                [key: string]: unknown;
            };
            /** @description Wall time of the task */
            ms: number | null;
            /** @description The grid values of this row */
            params: {
                [key: string]: unknown;
            };
            seed: number;
            /** @enum {string} */
            status: "pending" | "running" | "done" | "failed" | "cancelled";
            /** @description rnnlab version that computed it */
            version: string | null;
        };
        ResultsTable: {
            /** @description Metric columns */
            metrics: string[];
            /** @description Grid parameter columns */
            params: string[];
            rows: components["schemas"]["ResultRow"][];
        };
        Run: {
            /** @description ISO 8601 date-time (UTC) */
            createdAt: string;
            /** @description Training curves (loss per epoch, …) when the training reports them */
            curves: unknown;
            /** @description Why a failed run failed */
            error: string | null;
            /** @description The run's timeline: every set, pause, resume and stop with the step it took effect at; replaying it on the same seed gives the same recording */
            events: components["schemas"]["RunEvent"][];
            finishedAt: string | null;
            /** @description Whether GET …/recording has data */
            hasRecording: boolean;
            id: string;
            /** @description The kind's metrics of the finished run or training (null until it ends) */
            metrics: {
                [key: string]: unknown;
            } | null;
            /** @description Fraction done */
            progress: number;
            /** @description The run or training request, as validated (defaults filled) */
            request: unknown;
            session: string;
            startedAt: string | null;
            status: components["schemas"]["RunStatus"];
            stepsDone: number;
            /** @description Steps requested (0 for a training) */
            stepsTotal: number;
            /** @enum {string} */
            type: "run" | "train";
        };
        RunEvent: {
            /** @description failed: the stable code of the failure (RNN_ERR_WORKER_DIED, RNN_ERR_TIME_LIMIT, …) */
            code?: string;
            /** @description set: the live parameters it changed */
            params?: {
                [key: string]: unknown;
            };
            /** @description stop: why, when not by the user */
            reason?: string;
            /** @description The session step it took effect at: a set applies before this step is taken; pause, stop and failed after the step before it */
            step: number;
            /**
             * @description set: live parameters changed (a Hopfield cue is a set of `cue`); failed: the run failed (see code)
             * @enum {string}
             */
            type: "set" | "pause" | "resume" | "stop" | "failed";
        };
        RunList: {
            runs: components["schemas"]["Run"][];
        };
        /** @enum {string} */
        RunStatus: "queued" | "running" | "paused" | "done" | "cancelled" | "failed";
        Session: {
            /** @description The run or training now queued or running, if any */
            activeRun: string | null;
            /** @description A kind's resolved config (every field, defaults filled); its JSON Schema is GET /v1/models/{kind} → configSchema */
            config: {
                [key: string]: unknown;
            };
            /** @description ISO 8601 date-time (UTC) */
            createdAt: string;
            id: string;
            /** @description Live parameters (the kind's liveSchema, plus inputGain and inputAmplitudes) */
            live: {
                [key: string]: unknown;
            };
            /** @description Model kind */
            model: string;
            name: string | null;
            /** @description The user who created it */
            owner: string;
            /** @description Seed of every random draw */
            seed: number;
            /** @description Units in the network */
            size: number;
            /** @description Steps taken since the last build or reset */
            step: number;
            /** @description Model time, in timeUnit */
            t: number;
            /** @description Unit of t and dt: ms, s, tau (membrane time constants) or step */
            timeUnit: string;
            /** @description ISO 8601 date-time (UTC) */
            updatedAt: string;
        };
        SessionList: {
            sessions: components["schemas"]["Session"][];
        };
        SessionState: {
            activeRun: string | null;
            /** @description Observed fields now (scalars or one value per unit); see the kind's fields */
            fields: {
                [key: string]: (number | null) | (number | null)[];
            };
            /** @description Live parameters (the kind's liveSchema, plus inputGain and inputAmplitudes) */
            live: {
                [key: string]: unknown;
            };
            session: string;
            step: number;
            /** @description Model time, in timeUnit */
            t: number;
            /** @description Unit of t and dt: ms, s, tau (membrane time constants) or step */
            timeUnit: string;
        };
        /** @description Versions that produced it: rnnlab, node (and the state format where it matters) */
        Versions: {
            [key: string]: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text exposition format */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to take work */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not ready: `checks` says which check fails (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listExperiments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your experiments (an instructor: all), without results */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExperimentList"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createExperiment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Base config; each grid point sets its values on it, then the kind's schema validates it
                     * @default {}
                     */
                    config?: {
                        [key: string]: unknown;
                    };
                    /**
                     * @description Config path → values: a list, or a range {start, stop, num | step, log}
                     * @default {}
                     */
                    grid?: {
                        [key: string]: (number | string | boolean)[] | {
                            /**
                             * @description With num: evenly spaced on a log scale (start and stop > 0)
                             * @default false
                             */
                            log?: boolean;
                            /** @description Number of evenly spaced values from start to stop (both included) */
                            num?: number;
                            start: number;
                            /** @description Spacing from start up to stop */
                            step?: number;
                            /** @description Included when the steps land on it */
                            stop: number;
                        };
                    };
                    /** @description Metric names to keep as columns (default: every scalar metric) */
                    metrics?: string[];
                    /** @description Model kind (see GET /v1/models) */
                    model: string;
                    /** @description A name to find it by */
                    name?: string;
                    /** @description Start from this preset's config (see GET /v1/models/{kind}); config overrides it */
                    preset?: string;
                    /** @description Steps each task runs (after training, when train is given) */
                    run?: {
                        /** @default [] */
                        inputs?: ({
                            /** @description Value added on every step */
                            amplitude: number;
                            /**
                             * @description Input channel index (0-based), or "all" for every channel
                             * @default all
                             */
                            channel?: number | "all";
                            /** @enum {string} */
                            type: "constant";
                        } | {
                            /** @description Height of the pulse */
                            amplitude: number;
                            /**
                             * @description Input channel index (0-based), or "all" for every channel
                             * @default all
                             */
                            channel?: number | "all";
                            /** @description Length of the pulse (model time unit) */
                            duration: number;
                            /** @description Start time (model time unit, ms by default) */
                            onset: number;
                            /** @enum {string} */
                            type: "pulse";
                        } | {
                            /** @description Height of the step */
                            amplitude: number;
                            /**
                             * @description Input channel index (0-based), or "all" for every channel
                             * @default all
                             */
                            channel?: number | "all";
                            /** @description Time from which the value is on (model time unit) */
                            onset: number;
                            /** @enum {string} */
                            type: "step";
                        } | {
                            /** @description Peak amplitude */
                            amplitude: number;
                            /**
                             * @description Input channel index (0-based), or "all" for every channel
                             * @default all
                             */
                            channel?: number | "all";
                            /** @description Cycles per 1000 model time units (Hz when time is in ms) */
                            frequency: number;
                            /**
                             * @description Constant added to the sine
                             * @default 0
                             */
                            offset?: number;
                            /**
                             * @description Phase in radians
                             * @default 0
                             */
                            phase?: number;
                            /** @enum {string} */
                            type: "sine";
                        } | {
                            /**
                             * @description Input channel index (0-based), or "all" for every channel
                             * @default all
                             */
                            channel?: number | "all";
                            /**
                             * @description Mean of the white noise
                             * @default 0
                             */
                            mean?: number;
                            /** @description Standard deviation per step */
                            sd: number;
                            /** @enum {string} */
                            type: "noise";
                        } | {
                            /**
                             * @description Input channel index (0-based), or "all" for every channel
                             * @default all
                             */
                            channel?: number | "all";
                            /**
                             * @description Start over at the end (otherwise 0 after the end)
                             * @default false
                             */
                            repeat?: boolean;
                            /** @enum {string} */
                            type: "sequence";
                            /** @description One value per step, from the run start */
                            values: number[];
                        })[];
                        /** @description Fields to record for the metrics (default: the kind's metric fields) */
                        record?: string[];
                        /** @default 1 */
                        recordEvery?: number;
                        steps: number;
                    };
                    /**
                     * @description A count n (seeds 0…n−1) or an explicit list of seeds
                     * @default 1
                     */
                    seeds?: number | number[];
                    /** @description Train each network first (the kind's trainSchema); its metrics become train.<name> columns */
                    train?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description The experiment, running (Location: its URL) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model kind or preset */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over a limit (tasks, steps) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is shutting down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getExperiment: {
        parameters: {
            query?: {
                /** @description Include the finished rows */
                results?: "true" | "false";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The experiment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such experiment (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelExperiment: {
        parameters: {
            query?: {
                /** @description Also delete it and its rows */
                purge?: "true" | "false";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The experiment, cancelled (an ended one is left as it was) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Experiment"];
                };
            };
            /** @description purge=true: deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such experiment (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getExperimentResults: {
        parameters: {
            query?: {
                /** @description Also rows not finished (pending, running, cancelled) */
                all?: "true" | "false";
                format?: "json" | "csv" | "npy" | "arrow";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The table in the requested format */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExperimentResults"];
                    "application/octet-stream": string;
                    "application/vnd.apache.arrow.file": string;
                    "text/csv": string;
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such experiment (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listModels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The catalogue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelList"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getModel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Model kind, e.g. "rate" */
                kind: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The kind */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Model"];
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model kind (RNN_ERR_UNKNOWN_MODEL lists the known ones) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your sessions (an instructor: all) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionList"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Config; omitted fields take their defaults (or the preset's) */
                    config?: {
                        [key: string]: unknown;
                    };
                    /** @description Model kind, e.g. "rate" (see GET /v1/models) */
                    model: string;
                    /** @description A label for people */
                    name?: string;
                    /** @description Start from a named preset of the kind; `config` overrides its fields */
                    preset?: string;
                    /** @description Seed of every random draw (drawn and reported when omitted) */
                    seed?: number;
                };
            };
        };
        responses: {
            /** @description The new session (Location: its URL) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such model kind or preset */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over a limit (units, sessions, estimated memory) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The server is shutting down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such session (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such session (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A whole new config (defaults fill the rest) */
                    config?: {
                        [key: string]: unknown;
                    };
                    /** @description Live parameters (see the kind's liveSchema) */
                    live?: {
                        [key: string]: unknown;
                    };
                    name?: string | null;
                    /** @description Seed of every random draw (drawn and reported when omitted) */
                    seed?: number;
                };
            };
        };
        responses: {
            /** @description The session as it is now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such session (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A run is active on it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over a limit */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resetSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session at step 0 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such session (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A run is active on it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRuns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunList"];
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such session (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Pace the run at this many frames per second (for watching); omit to run as fast as possible */
                    fps?: number;
                    /**
                     * @description Stream one frame every this many steps
                     * @default 1
                     */
                    frameEvery?: number;
                    /**
                     * @description Generic inputs, summed per channel (constant, pulse, step, sine, noise, sequence)
                     * @default []
                     */
                    inputs?: ({
                        /** @description Value added on every step */
                        amplitude: number;
                        /**
                         * @description Input channel index (0-based), or "all" for every channel
                         * @default all
                         */
                        channel?: number | "all";
                        /** @enum {string} */
                        type: "constant";
                    } | {
                        /** @description Height of the pulse */
                        amplitude: number;
                        /**
                         * @description Input channel index (0-based), or "all" for every channel
                         * @default all
                         */
                        channel?: number | "all";
                        /** @description Length of the pulse (model time unit) */
                        duration: number;
                        /** @description Start time (model time unit, ms by default) */
                        onset: number;
                        /** @enum {string} */
                        type: "pulse";
                    } | {
                        /** @description Height of the step */
                        amplitude: number;
                        /**
                         * @description Input channel index (0-based), or "all" for every channel
                         * @default all
                         */
                        channel?: number | "all";
                        /** @description Time from which the value is on (model time unit) */
                        onset: number;
                        /** @enum {string} */
                        type: "step";
                    } | {
                        /** @description Peak amplitude */
                        amplitude: number;
                        /**
                         * @description Input channel index (0-based), or "all" for every channel
                         * @default all
                         */
                        channel?: number | "all";
                        /** @description Cycles per 1000 model time units (Hz when time is in ms) */
                        frequency: number;
                        /**
                         * @description Constant added to the sine
                         * @default 0
                         */
                        offset?: number;
                        /**
                         * @description Phase in radians
                         * @default 0
                         */
                        phase?: number;
                        /** @enum {string} */
                        type: "sine";
                    } | {
                        /**
                         * @description Input channel index (0-based), or "all" for every channel
                         * @default all
                         */
                        channel?: number | "all";
                        /**
                         * @description Mean of the white noise
                         * @default 0
                         */
                        mean?: number;
                        /** @description Standard deviation per step */
                        sd: number;
                        /** @enum {string} */
                        type: "noise";
                    } | {
                        /**
                         * @description Input channel index (0-based), or "all" for every channel
                         * @default all
                         */
                        channel?: number | "all";
                        /**
                         * @description Start over at the end (otherwise 0 after the end)
                         * @default false
                         */
                        repeat?: boolean;
                        /** @enum {string} */
                        type: "sequence";
                        /** @description One value per step, from the run start */
                        values: number[];
                    })[];
                    /** @description Live parameters to set before the first step */
                    live?: {
                        [key: string]: unknown;
                    };
                    /** @description The kind's own run options (its runSchema, see GET /v1/models/{kind}); the model reads them at every step */
                    options?: {
                        [key: string]: unknown;
                    };
                    /** @description Observed fields to record ("input" for the input vector); default: the model's */
                    record?: string[];
                    /**
                     * @description Record one sample every this many steps
                     * @default 1
                     */
                    recordEvery?: number;
                    /** @description Number of steps to take (the model time per step is the config's dt) */
                    steps: number;
                    /**
                     * @description Answer when the run has finished (200) instead of at once (202)
                     * @default false
                     */
                    wait?: boolean;
                };
            };
        };
        responses: {
            /** @description wait=true: the run once it has ended (done, cancelled or failed) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            /** @description The run, queued or running (Location: its URL) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such session (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A run is already active on the session */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over a limit (steps, recorded values) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The run queue is full or the server is shutting down (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such session or run (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run as it is now (an ended run is left as it was) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such session or run (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRecording: {
        parameters: {
            query?: {
                /** @description Only this recorded field (with t and step, except npy: the field alone, samples × width) */
                field?: string;
                format?: "json" | "csv" | "npz" | "arrow" | "npy";
            };
            header?: never;
            path: {
                id: string;
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The recording in the requested format */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Recording"];
                    "application/octet-stream": string;
                    "application/vnd.apache.arrow.file": string;
                    "application/zip": string;
                    "text/csv": string;
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such session or run (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The run has no recording (yet): it is queued, running, or recorded nothing */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too large for the npz format (over 4 GiB): use arrow or npy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRecordingMeta: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metadata */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordingMeta"];
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such session or run (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The run has no recording (yet): it is queued, running, or recorded nothing */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSessionState: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The state now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionState"];
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such session (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    startTraining: {
        parameters: {
            query?: {
                /** @description Answer when the training has ended (200) instead of at once (202) */
                wait?: "true" | "false";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** @description The kind's training request (its trainSchema) */
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description wait=true: the training once it has ended */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            /** @description The training, queued or running (Location: its URL) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            /** @description Invalid request: `errors` names each failing field (e.g. body.steps, config.size, querystring.format) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Token mode: a valid bearer token is required */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such session (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A run is already active, or the kind has no training */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Over a limit (estimated memory or time) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests (RATE_LIMIT) or over a quota; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The run queue is full or the server is shutting down (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Any other error (413, 429, 500, 503, …): problem details with a stable code */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
