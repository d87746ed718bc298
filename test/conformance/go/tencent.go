package main

import (
	"encoding/json"
	"errors"
	"net/url"
	"sort"
	"strconv"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// tencentCall is one Tencent Cloud API call (3.0, or 2.0 with an endpoint path).
type tencentCall struct {
	// SignMethod is "TC3-HMAC-SHA256" (default), "HmacSHA256" or "HmacSHA1" (signature v1).
	SignMethod string `json:"signMethod,omitempty"`
	// HTTPMethod is "POST" (default) or "GET".
	HTTPMethod string `json:"httpMethod,omitempty"`
	// Endpoint is host:port, plus a path for API 2.0 ("127.0.0.1:4599/v2/index.php").
	Endpoint        string         `json:"endpoint"`
	Service         string         `json:"service"`
	Version         string         `json:"version,omitempty"`
	Action          string         `json:"action"`
	Region          string         `json:"region,omitempty"`
	SecretID        string         `json:"secretId"`
	SecretKey       string         `json:"secretKey"`
	Token           string         `json:"token,omitempty"`
	UnsignedPayload bool           `json:"unsignedPayload,omitempty"`
	Params          map[string]any `json:"params,omitempty"`
}

func orDefault(v, fallback string) string {
	if v == "" {
		return fallback
	}
	return v
}

// runTencent sends the call through the SDK's own client: CommonClient with a CommonRequest for
// TC3 POST (JSON, any action), and for GET and signature v1, where the SDK sends flattened
// parameters, a request whose parameters are flattened as the SDK's generated requests are.
func runTencent(c *tencentCall, wire string) outcome {
	signMethod := orDefault(c.SignMethod, "TC3-HMAC-SHA256")
	httpMethod := orDefault(c.HTTPMethod, "POST")
	tc3 := signMethod == "TC3-HMAC-SHA256"

	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = c.Endpoint
	cpf.HttpProfile.Scheme = "HTTP"
	cpf.HttpProfile.ReqMethod = httpMethod
	cpf.SignMethod = signMethod
	cpf.UnsignedPayload = c.UnsignedPayload
	client := common.NewCommonClient(common.NewTokenCredential(c.SecretID, c.SecretKey, c.Token), c.Region, cpf)

	transport := &wireTransport{mode: wire}
	if wire == "stale" && !tc3 {
		transport.resignStale = func(params url.Values, host, method, path string) url.Values {
			params.Set("Timestamp", unixString(hourAgo()))
			params.Set("Signature", common.Sign(v1StringToSign(params, host, method, path), c.SecretKey, params.Get("SignatureMethod")))
			return params
		}
	}
	client.WithHttpTransport(transport)

	params := map[string]any{}
	if c.Params != nil {
		params = normalize(c.Params).(map[string]any)
	}
	var request tchttp.Request
	if tc3 && httpMethod == "POST" {
		cr := tchttp.NewCommonRequest(c.Service, c.Version, c.Action)
		if err := cr.SetActionParameters(params); err != nil {
			return outcome{Fatal: err.Error()}
		}
		request = cr
	} else {
		fr := &flatRequest{BaseRequest: &tchttp.BaseRequest{}}
		fr.Init().WithApiInfo(c.Service, c.Version, c.Action)
		flatten(params, "", fr.GetParams())
		request = fr
	}
	if wire == "stale" && tc3 {
		// The SDK signs with an X-TC-Timestamp given as a request header: an hour-old signature.
		request.SetHeader(map[string]string{"X-TC-Timestamp": unixString(hourAgo())})
	}

	response := tchttp.NewCommonResponse()
	if err := client.Send(request, response); err != nil {
		var sdkErr *tcerr.TencentCloudSDKError
		if errors.As(err, &sdkErr) {
			return outcome{Code: sdkErr.Code, Message: sdkErr.Message, RequestID: sdkErr.RequestId}
		}
		return outcome{Fatal: err.Error()}
	}
	return outcome{OK: true, Body: response.GetBody()}
}

// flatRequest carries parameters already flattened into the SDK's params map, which the SDK's
// client signs and sends as the query (GET) or form body (signature v1 POST).
type flatRequest struct {
	*tchttp.BaseRequest
}

// flatten writes structured parameters as the SDK's tchttp.flatStructure does for generated
// requests: "A.0", "A.0.Field", "A.Field"; booleans true/false; integers in decimal; a top-level
// empty string or null is left out.
func flatten(value map[string]any, prefix string, out map[string]string) {
	keys := make([]string, 0, len(value))
	for k := range value {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		flattenValue(value[k], prefix+k, out, true)
	}
}

func flattenValue(v any, key string, out map[string]string, skipEmpty bool) {
	switch x := v.(type) {
	case nil:
	case string:
		if x != "" || !skipEmpty {
			out[key] = x
		}
	case bool:
		out[key] = strconv.FormatBool(x)
	case int64:
		out[key] = strconv.FormatInt(x, 10)
	case float64:
		out[key] = strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		for i, item := range x {
			flattenValue(item, key+"."+strconv.Itoa(i), out, false)
		}
	case map[string]any:
		flatten(x, key+".", out)
	}
}

// normalize turns json.Number into int64 or float64, so parameters marshal as the numbers they are.
func normalize(v any) any {
	switch x := v.(type) {
	case nil:
		return map[string]any{}
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case []any:
		for i := range x {
			x[i] = normalizeItem(x[i])
		}
		return x
	case map[string]any:
		for k := range x {
			x[k] = normalizeItem(x[k])
		}
		return x
	}
	return v
}

func normalizeItem(v any) any {
	if v == nil {
		return nil
	}
	return normalize(v)
}
