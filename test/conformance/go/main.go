// Command conformance drives the cloudtasks emulator with the clouds' official Go SDKs
// (tencentcloud-sdk-go's common runtime, huaweicloud-sdk-go-v3's cpts/v1 client), one call per
// JSON line on stdin, one outcome per JSON line on stdout. The call table lives in the test that
// runs it (test/integration/conformance-go.test.ts), so a new action is one row there.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// call is one request: exactly one of Tencent or Huawei is set.
type call struct {
	Tencent *tencentCall `json:"tencent,omitempty"`
	Huawei  *huaweiCall  `json:"huawei,omitempty"`
	// SelfCheck compares this driver's flattening of structured parameters with the SDK's own
	// (tchttp.ConstructParams over generated-style request structs).
	SelfCheck bool `json:"selfCheck,omitempty"`
	// Wire alters what the SDK sends, after it signed it: "" (as signed), "tamper" (a parameter
	// added after signing), "replay" (the same signed request sent twice; the second outcome is
	// reported) or "stale" (signed with a time an hour ago).
	Wire string `json:"wire,omitempty"`
}

// outcome is what the SDK made of the answer: its parsed model, or its error's code.
type outcome struct {
	OK        bool            `json:"ok"`
	Body      json.RawMessage `json:"body,omitempty"`
	Code      string          `json:"code,omitempty"`
	Message   string          `json:"message,omitempty"`
	RequestID string          `json:"requestId,omitempty"`
	Status    int             `json:"status,omitempty"`
	// Fatal is set when the call could not be made at all (bad row, SDK refused to build it).
	Fatal string `json:"fatal,omitempty"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 0, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	for in.Scan() {
		writeLine(out, run(in.Bytes()))
		_ = out.Flush()
	}
}

func run(line []byte) outcome {
	var c call
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(&c); err != nil {
		return outcome{Fatal: "bad call: " + err.Error()}
	}
	switch {
	case c.SelfCheck:
		return selfCheck()
	case c.Tencent != nil:
		return runTencent(c.Tencent, c.Wire)
	case c.Huawei != nil:
		return runHuawei(c.Huawei, c.Wire)
	default:
		return outcome{Fatal: "a call names neither tencent nor huawei"}
	}
}

func writeLine(out *bufio.Writer, o outcome) {
	b, err := json.Marshal(o)
	if err != nil {
		b = []byte(fmt.Sprintf(`{"fatal":%q}`, err.Error()))
	}
	_, _ = out.Write(append(b, '\n'))
}
