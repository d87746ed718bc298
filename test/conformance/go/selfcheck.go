package main

import (
	"bytes"
	"encoding/json"
	"reflect"

	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
)

// Requests declared as tencentcloud-sdk-go's generator declares them (bh v20230418, and a
// Filters list shaped like every Describe* request's), so tchttp.ConstructParams — the SDK's own
// flattening — can be compared with this driver's.
type generatedCreateOperationTask struct {
	*tchttp.BaseRequest
	Name        *string   `json:"Name,omitnil,omitempty" name:"Name"`
	Type        *uint64   `json:"Type,omitnil,omitempty" name:"Type"`
	Account     *string   `json:"Account,omitnil,omitempty" name:"Account"`
	Timeout     *uint64   `json:"Timeout,omitnil,omitempty" name:"Timeout"`
	Script      *string   `json:"Script,omitnil,omitempty" name:"Script"`
	DeviceIdSet []*uint64 `json:"DeviceIdSet,omitnil,omitempty" name:"DeviceIdSet"`
	Period      *uint64   `json:"Period,omitnil,omitempty" name:"Period"`
	FirstTime   *string   `json:"FirstTime,omitnil,omitempty" name:"FirstTime"`
	Encoding    *int64    `json:"Encoding,omitnil,omitempty" name:"Encoding"`
}

type generatedFilter struct {
	Name   *string   `json:"Name,omitnil,omitempty" name:"Name"`
	Values []*string `json:"Values,omitnil,omitempty" name:"Values"`
}

type generatedConfig struct {
	Enabled *bool  `json:"Enabled,omitnil,omitempty" name:"Enabled"`
	Limit   *int64 `json:"Limit,omitnil,omitempty" name:"Limit"`
}

type generatedDescribe struct {
	*tchttp.BaseRequest
	Filters []*generatedFilter `json:"Filters,omitnil,omitempty" name:"Filters"`
	Config  *generatedConfig   `json:"Config,omitnil,omitempty" name:"Config"`
	Offset  *uint64            `json:"Offset,omitnil,omitempty" name:"Offset"`
}

const selfCheckCreate = `{"Name":"周期运维任务","Type":2,"Period":1,"FirstTime":"2025-03-25T08:00:01+08:00","Account":"root","Timeout":5,"Script":"ls","Encoding":1,"DeviceIdSet":[34,56]}`
const selfCheckDescribe = `{"Filters":[{"Name":"status","Values":["running","paused"]},{"Name":"type","Values":["1"]}],"Config":{"Enabled":false,"Limit":20},"Offset":0}`

func selfCheck() outcome {
	cases := []struct {
		doc string
		req tchttp.Request
	}{
		{selfCheckCreate, &generatedCreateOperationTask{BaseRequest: &tchttp.BaseRequest{}}},
		{selfCheckDescribe, &generatedDescribe{BaseRequest: &tchttp.BaseRequest{}}},
	}
	report := []map[string]any{}
	ok := true
	for _, c := range cases {
		c.req.(interface{ Init() *tchttp.BaseRequest }).Init()
		if err := json.Unmarshal([]byte(c.doc), c.req); err != nil {
			return outcome{Fatal: err.Error()}
		}
		if err := tchttp.ConstructParams(c.req); err != nil {
			return outcome{Fatal: err.Error()}
		}
		var doc map[string]any
		dec := json.NewDecoder(bytes.NewReader([]byte(c.doc)))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			return outcome{Fatal: err.Error()}
		}
		ours := map[string]string{}
		flatten(normalize(doc).(map[string]any), "", ours)
		same := reflect.DeepEqual(ours, c.req.GetParams())
		ok = ok && same
		report = append(report, map[string]any{"sdk": c.req.GetParams(), "driver": ours, "same": same})
	}
	body, _ := json.Marshal(report)
	return outcome{OK: ok, Body: body}
}
