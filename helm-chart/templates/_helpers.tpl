{{/*
The wiring of the nine services: values key → its port, the env variable that carries it,
and which env variable holds which other service's URL. It mirrors libs/config/src/topology.ts
(TOPOLOGY); test/deploy/helm-chart.system-spec.ts fails when the two disagree. It is not a
value on purpose: changing it needs a code change too.
*/}}
{{- define "microservice-demo.topology" -}}
productCatalog:
  containerPort: 8081
  portEnv: PORT
  kind: service
  downstreams: {}
currencyService:
  containerPort: 8082
  portEnv: PORT
  kind: service
  downstreams: {}
adService:
  containerPort: 8083
  portEnv: PORT
  kind: service
  downstreams: {}
checkoutService:
  containerPort: 8084
  portEnv: PORT
  kind: service
  downstreams:
    PRODUCT_CATALOG_SERVICE: productCatalog
    CURRENCY_SERVICE: currencyService
gateway:
  containerPort: 8080
  portEnv: PORT
  kind: service
  downstreams:
    PRODUCT_CATALOG_SERVICE: productCatalog
    CURRENCY_SERVICE: currencyService
    AD_SERVICE: adService
    CHECKOUT_SERVICE: checkoutService
  # CONSOLE_SERVICES and GRAFANA_URL: the scenario console at /console
  console: true
instabookCache:
  containerPort: 8086
  portEnv: PORT
  kind: service
  downstreams: {}
  instabookToken: true
instabook:
  containerPort: 8087
  portEnv: PORT
  kind: service
  downstreams:
    INSTABOOK_CACHE_SERVICE: instabookCache
  instabookToken: true
loadGenerator:
  containerPort: 8099
  portEnv: METRICS_PORT
  kind: load-generator
  downstreams:
    GATEWAY_SERVICE: gateway
  delays:
    DELAY_BETWEEN_USERS: delayBetweenUsers
loadGeneratorInstabook:
  containerPort: 8098
  portEnv: METRICS_PORT
  kind: load-generator
  downstreams:
    INSTABOOK_SERVICE: instabook
  delays:
    DELAY_BETWEEN_REQUESTS: delayBetweenRequests
{{- end }}

{{/* The namespace of every object: global.namespace, else the release's. */}}
{{- define "microservice-demo.namespace" -}}
{{- .Values.global.namespace | default .Release.Namespace -}}
{{- end }}

{{- define "microservice-demo.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/*
A service is rendered unless it has `enabled: false` (only the load generators have the key).
Call with (dict "svc" <service values>); prints "true" or nothing.
*/}}
{{- define "microservice-demo.enabled" -}}
{{- if or (not (hasKey .svc "enabled")) .svc.enabled -}}true{{- end -}}
{{- end }}

{{/* Version part of a service's image tag: its own image.tag, else global.tag, else appVersion. */}}
{{- define "microservice-demo.tag" -}}
{{- .svc.image.tag | default .root.Values.global.tag | default .root.Chart.AppVersion -}}
{{- end }}

{{/* `<repository>:<service>-<tag>`: one repository, one tag per service and version. */}}
{{- define "microservice-demo.image" -}}
{{- $repository := .svc.image.repository | default .root.Values.global.repository -}}
{{- printf "%s:%s-%s" $repository .svc.name (include "microservice-demo.tag" .) -}}
{{- end }}

{{/* Labels every pod and object of one service carries. Call with (dict "root" $ "svc" ... "topo" ...). */}}
{{- define "microservice-demo.selectorLabels" -}}
app.kubernetes.io/name: {{ .svc.name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{- define "microservice-demo.labels" -}}
{{ include "microservice-demo.selectorLabels" . }}
{{- /* label values allow at most 63 characters of [A-Za-z0-9._-], ending alphanumeric */}}
app.kubernetes.io/version: {{ regexReplaceAll "[^A-Za-z0-9]+$" (include "microservice-demo.tag" . | trunc 63) "" | quote }}
app.kubernetes.io/component: {{ .topo.kind }}
app.kubernetes.io/part-of: {{ .root.Chart.Name }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "microservice-demo.chart" .root }}
{{- end }}

{{/* The Secret both instabook services read the token from. */}}
{{- define "microservice-demo.tokenSecretName" -}}
{{- .Values.global.instabookToken.existingSecret | default "instabook-api-token" -}}
{{- end }}

{{/*
The Secret every service reads ADMIN_TOKEN from; empty when no admin token is configured
(neither a value nor an existing Secret), and then no service gets ADMIN_TOKEN.
*/}}
{{- define "microservice-demo.adminTokenSecretName" -}}
{{- with .Values.global.adminToken -}}
{{- if .existingSecret -}}
{{- .existingSecret -}}
{{- else if .value -}}
demo-admin-token
{{- end -}}
{{- end -}}
{{- end }}

{{/*
CONSOLE_SERVICES of the gateway: `name=http://<name>:<port>` of every enabled service, comma
separated, in start order (the order of libs/config/src/ports.json, which the console shows).
*/}}
{{- define "microservice-demo.consoleServices" -}}
{{- $entries := list -}}
{{- range $key := list "productCatalog" "currencyService" "adService" "checkoutService" "gateway" "instabookCache" "instabook" "loadGenerator" "loadGeneratorInstabook" -}}
{{- $svc := index $.Values $key -}}
{{- if include "microservice-demo.enabled" (dict "svc" $svc) -}}
{{- $entries = append $entries (printf "%s=http://%s:%v" $svc.name $svc.name $svc.service.port) -}}
{{- end -}}
{{- end -}}
{{- join "," $entries -}}
{{- end }}

{{/*
An env value as text. Helm reads every number as a float, and Go prints 1000000.0 as "1e+06";
whole numbers are printed as integers so ORDER_STORE_MAX: 1000000 reaches the app as written.
*/}}
{{- define "microservice-demo.envValue" -}}
{{- if and (kindIs "float64" .) (eq (float64 (int64 .)) .) -}}
{{- int64 . -}}
{{- else -}}
{{- toString . -}}
{{- end -}}
{{- end }}

{{/*
V8's old-space cap for a container, in MiB: half its memory limit (libs/config/src/memory.ts
explains the split). Node sizes its heap from the node's memory, not from the container's,
so without this a busy pod keeps garbage until the kernel kills it.
*/}}
{{- define "microservice-demo.heapLimitMiB" -}}
{{- $limit := toString . -}}
{{- $mib := 0 -}}
{{- if hasSuffix "Gi" $limit -}}
{{- $mib = mul (trimSuffix "Gi" $limit | atoi) 1024 -}}
{{- else if hasSuffix "Mi" $limit -}}
{{- $mib = trimSuffix "Mi" $limit | atoi -}}
{{- else -}}
{{- fail (printf "resources.limits.memory %q: give it in Mi or Gi, the heap cap is derived from it" $limit) -}}
{{- end -}}
{{- div $mib 2 -}}
{{- end }}
