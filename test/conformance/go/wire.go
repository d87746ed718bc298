package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// wireTransport sends what the SDK built, altered after signing as the call's Wire asks: the
// emulator must refuse a tampered or replayed request exactly as the cloud does.
type wireTransport struct {
	mode string
	// resignStale re-signs a signature-v1 request with a time an hour ago (the SDK's own v1
	// signer, common.Sign); TC3 and APIG calls are signed stale by the SDK itself instead.
	resignStale func(params url.Values, host, method, path string) url.Values
}

func (t *wireTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		_ = req.Body.Close()
		body = b
	}
	switch t.mode {
	case "tamper":
		body = tamper(req, body)
	case "stale":
		if t.resignStale != nil {
			body = resign(req, body, t.resignStale)
		}
	case "replay":
		first, err := http.DefaultTransport.RoundTrip(withBody(req.Clone(req.Context()), body))
		if err != nil {
			return nil, err
		}
		_, _ = io.Copy(io.Discard, first.Body)
		_ = first.Body.Close()
	}
	return http.DefaultTransport.RoundTrip(withBody(req, body))
}

func withBody(req *http.Request, body []byte) *http.Request {
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return req
}

func isForm(req *http.Request) bool {
	return strings.HasPrefix(req.Header.Get("Content-Type"), "application/x-www-form-urlencoded")
}

// tamper adds a parameter the signer never saw: to a JSON body, to a form body, or to the query.
func tamper(req *http.Request, body []byte) []byte {
	if len(body) > 0 && !isForm(req) {
		var m map[string]any
		if json.Unmarshal(body, &m) == nil {
			m["Tampered"] = 1
			if b, err := json.Marshal(m); err == nil {
				return b
			}
		}
		return append(body, ' ')
	}
	if len(body) > 0 {
		return append(body, []byte("&Tampered=1")...)
	}
	q := req.URL.Query()
	q.Set("Tampered", "1")
	req.URL.RawQuery = q.Encode()
	return body
}

func resign(req *http.Request, body []byte, sign func(url.Values, string, string, string) url.Values) []byte {
	if req.Method == http.MethodGet {
		req.URL.RawQuery = sign(req.URL.Query(), req.Host, req.Method, req.URL.Path).Encode()
		return body
	}
	params, err := url.ParseQuery(string(body))
	if err != nil {
		return body
	}
	return []byte(sign(params, req.Host, req.Method, req.URL.Path).Encode())
}

// v1StringToSign is the documented v1 string to sign (the SDK's getStringToSign): method, host,
// path, "?", every parameter but Signature sorted by name as k=v joined with "&".
func v1StringToSign(params url.Values, host, method, path string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	pairs := make([]string, 0, len(keys))
	for _, k := range keys {
		pairs = append(pairs, k+"="+params.Get(k))
	}
	return method + host + path + "?" + strings.Join(pairs, "&")
}

func hourAgo() time.Time { return time.Now().Add(-time.Hour) }

func unixString(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }
