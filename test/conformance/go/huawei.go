package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/region"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	cpts "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/cpts/v1"
)

// huaweiCall is one Huawei Cloud API call through a service's generated client.
type huaweiCall struct {
	// Endpoint is the base URL, e.g. "http://127.0.0.1:4599" (no trailing slash).
	Endpoint  string `json:"endpoint"`
	AK        string `json:"ak"`
	SK        string `json:"sk"`
	ProjectID string `json:"projectId"`
	// Region, when set, builds the client as most users do, WithRegion(region.NewRegion(Region,
	// Endpoint)), instead of WithEndpoints: with a project id the SDK still never calls IAM.
	Region string `json:"region,omitempty"`
	// Service and Operation name the client method, e.g. "cpts" / "ShowTask".
	Service   string `json:"service"`
	Operation string `json:"operation"`
	// Request is the operation's request model as JSON (its json tags: "task_id", "body", …).
	Request json.RawMessage `json:"request,omitempty"`
}

type operation func(raw json.RawMessage) (any, error)

// op adapts a generated client method to the table: the request model decoded from the row.
func op[Req any, Resp any](method func(*Req) (*Resp, error)) operation {
	return func(raw json.RawMessage) (any, error) {
		var req Req
		if len(raw) > 0 {
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&req); err != nil {
				return nil, fmt.Errorf("request model: %w", err)
			}
		}
		return method(&req)
	}
}

// cptsOperations: every CPTS operation the emulator serves, one line each.
func cptsOperations(c *cpts.CptsClient) map[string]operation {
	return map[string]operation{
		"CreateProject":             op(c.CreateProject),
		"ListProjectSets":           op(c.ListProjectSets),
		"ShowProject":               op(c.ShowProject),
		"UpdateProject":             op(c.UpdateProject),
		"DeleteProject":             op(c.DeleteProject),
		"ListProjectTestCase":       op(c.ListProjectTestCase),
		"CreateCase":                op(c.CreateCase),
		"DeleteCase":                op(c.DeleteCase),
		"CreateNewTask":             op(c.CreateNewTask),
		"CreateTask":                op(c.CreateTask),
		"UpdateTask":                op(c.UpdateTask),
		"UpdateTaskRelatedTestCase": op(c.UpdateTaskRelatedTestCase),
		"DeleteNewTask":             op(c.DeleteNewTask),
		"ShowTask":                  op(c.ShowTask),
		"DeleteTask":                op(c.DeleteTask),
		"UpdateTaskStatus":          op(c.UpdateTaskStatus),
		"ShowTaskSet":               op(c.ShowTaskSet),
	}
}

func runHuawei(c *huaweiCall, wire string) outcome {
	credentials, err := basic.NewCredentialsBuilder().WithAk(c.AK).WithSk(c.SK).WithProjectId(c.ProjectID).SafeBuild()
	if err != nil {
		return outcome{Fatal: err.Error()}
	}
	httpConfig := config.DefaultHttpConfig().WithHttpRoundTripper(&wireTransport{mode: wire})
	// An endpoint and a project id, no region: the SDK never calls IAM.
	builder := core.NewHcHttpClientBuilder().WithCredential(credentials).WithHttpConfig(httpConfig)
	if c.Region != "" {
		builder = builder.WithRegion(region.NewRegion(c.Region, c.Endpoint))
	} else {
		builder = builder.WithEndpoints([]string{c.Endpoint})
	}
	hc, err := builder.SafeBuild()
	if err != nil {
		return outcome{Fatal: err.Error()}
	}
	if wire == "stale" {
		// The SDK's signer signs with an X-Sdk-Date it is given: an hour-old signature.
		hc.WithExtraHeaders(map[string]string{"X-Sdk-Date": hourAgo().UTC().Format("20060102T150405Z")})
	}
	var operations map[string]operation
	switch c.Service {
	case "cpts":
		operations = cptsOperations(cpts.NewCptsClient(hc))
	default:
		return outcome{Fatal: "unknown Huawei service " + c.Service}
	}
	call, ok := operations[c.Operation]
	if !ok {
		return outcome{Fatal: "the driver has no " + c.Service + " operation " + c.Operation}
	}
	response, err := call(c.Request)
	if err != nil {
		var sdkErr *sdkerr.ServiceResponseError
		if errors.As(err, &sdkErr) {
			return outcome{Code: sdkErr.ErrorCode, Message: sdkErr.ErrorMessage, RequestID: sdkErr.RequestId, Status: sdkErr.StatusCode}
		}
		return outcome{Fatal: err.Error()}
	}
	body, err := json.Marshal(response)
	if err != nil {
		return outcome{Fatal: err.Error()}
	}
	return outcome{OK: true, Body: body, Status: httpStatusOf(response)}
}

// httpStatusOf reads the status every generated response model records (HttpStatusCode, json:"-").
func httpStatusOf(response any) int {
	v := reflect.Indirect(reflect.ValueOf(response))
	if v.Kind() != reflect.Struct {
		return 0
	}
	if f := v.FieldByName("HttpStatusCode"); f.IsValid() && f.CanInt() {
		return int(f.Int())
	}
	return 0
}
