package hms

// #include <stdlib.h>
// #include "hms.h"
import "C"

import (
	"encoding/json"
	"unsafe"
)

// FHIRImport reads a FHIR R4 Bundle (or one resource) into the patient record
// the actors take: {"patient", "unmapped", "sources"}, where unmapped lists
// every element not read, with its path and why. today (YYYY-MM-DD) dates the
// age; "" takes the system's date. No runtime is needed.
func FHIRImport(bundle interface{}, today string) (json.RawMessage, error) {
	b, err := encode(bundle)
	if err != nil {
		return nil, err
	}
	cb := C.CString(b)
	defer C.free(unsafe.Pointer(cb))
	var ctoday *C.char
	if today != "" {
		ctoday = C.CString(today)
		defer C.free(unsafe.Pointer(ctoday))
	}
	var out, cerr *C.char
	if err := check(C.hms_fhir_import(cb, ctoday, &out, &cerr), cerr); err != nil {
		return nil, err
	}
	return take(out), nil
}

// FHIRExport writes a plan as a FHIR R4 collection Bundle (RequestGroup,
// MedicationRequests, and a DetectedIssue per violated or unknown property of
// report); report and sources may be nil, patientID "".
func FHIRExport(plan, report, sources interface{}, patientID string) (json.RawMessage, error) {
	p, err := encode(plan)
	if err != nil {
		return nil, err
	}
	cp := C.CString(p)
	defer C.free(unsafe.Pointer(cp))
	// nil, and a typed nil (a nil map, an empty json.RawMessage), are absent.
	optional := func(v interface{}) (*C.char, error) {
		if v == nil {
			return nil, nil
		}
		s, err := encode(v)
		if err != nil {
			return nil, err
		}
		if s == "" || s == "null" {
			return nil, nil
		}
		return C.CString(s), nil
	}
	cr, err := optional(report)
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cr))
	cs, err := optional(sources)
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cs))
	var cid *C.char
	if patientID != "" {
		cid = C.CString(patientID)
		defer C.free(unsafe.Pointer(cid))
	}
	var out, cerr *C.char
	if err := check(C.hms_fhir_export(cp, cr, cid, cs, &out, &cerr), cerr); err != nil {
		return nil, err
	}
	return take(out), nil
}
