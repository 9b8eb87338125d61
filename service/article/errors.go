package article

import (
	"errors"
	"fmt"
)

// ErrInvalid marks input that can never be processed as sent. The transport
// maps it to InvalidArgument.
var ErrInvalid = errors.New("invalid input")

// ErrTooLarge marks input over a configured limit. The transport maps it to
// ResourceExhausted.
var ErrTooLarge = errors.New("limit exceeded")

// FieldError is bad input in one field. Kind is ErrInvalid or ErrTooLarge;
// errors.Is(err, ErrInvalid) tells them apart without string matching.
type FieldError struct {
	Kind error
	// Field is the request path of the field, e.g. "document.content".
	Field string
	// Description says what is wrong, naming the limit where one applies.
	Description string
	// Err is the underlying cause, if any; it is never shown to clients.
	Err error
}

func (e *FieldError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Field, e.Description, e.Err)
	}
	return e.Field + ": " + e.Description
}

// Is makes errors.Is(err, ErrInvalid) and errors.Is(err, ErrTooLarge) work.
func (e *FieldError) Is(target error) bool { return target == e.Kind }

func (e *FieldError) Unwrap() error { return e.Err }

// Invalid returns a FieldError of kind ErrInvalid.
func Invalid(field, description string, cause error) *FieldError {
	return &FieldError{Kind: ErrInvalid, Field: field, Description: description, Err: cause}
}

// TooLarge returns a FieldError of kind ErrTooLarge whose description names
// the limit.
func TooLarge(field, what string, limit int64, unit string) *FieldError {
	return &FieldError{Kind: ErrTooLarge, Field: field,
		Description: fmt.Sprintf("%s exceeds the limit of %d %s", what, limit, unit)}
}
