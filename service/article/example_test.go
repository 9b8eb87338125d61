package article_test

import (
	"errors"
	"fmt"

	"articleservice/service/article"
)

func ExampleFieldError() {
	err := fmt.Errorf("process: %w", article.TooLarge("document.content", "document of 5000000 bytes", 4194304, "bytes"))
	var fe *article.FieldError
	fmt.Println(errors.As(err, &fe), fe.Field)
	fmt.Println(errors.Is(err, article.ErrTooLarge), errors.Is(err, article.ErrInvalid))
	fmt.Println(fe.Description)
	// Output:
	// true document.content
	// true false
	// document of 5000000 bytes exceeds the limit of 4194304 bytes
}
